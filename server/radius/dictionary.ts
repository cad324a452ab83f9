// The RADIUS dictionary Peron speaks: packet codes, attribute and vendor numbers (RFC 2865/2866/2869/5176/5997,
// WISPr, ChilliSpot) and the wire kind of each attribute that decode() checks the length of.

export const CODE = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;

export const ATTR = {
  UserName: 1,
  UserPassword: 2,
  ChapPassword: 3,
  NasIpAddress: 4,
  NasPort: 5,
  ServiceType: 6,
  FramedIpAddress: 8,
  ReplyMessage: 18,
  State: 24,
  Class: 25,
  VendorSpecific: 26,
  SessionTimeout: 27,
  IdleTimeout: 28,
  TerminationAction: 29,
  CalledStationId: 30,
  CallingStationId: 31,
  NasIdentifier: 32,
  ProxyState: 33,
  AcctStatusType: 40,
  AcctDelayTime: 41,
  AcctInputOctets: 42,
  AcctOutputOctets: 43,
  AcctSessionId: 44,
  AcctAuthentic: 45,
  AcctSessionTime: 46,
  AcctInputPackets: 47,
  AcctOutputPackets: 48,
  AcctTerminateCause: 49,
  AcctMultiSessionId: 50,
  AcctLinkCount: 51,
  AcctInputGigawords: 52,
  AcctOutputGigawords: 53,
  EventTimestamp: 55,
  ChapChallenge: 60,
  NasPortType: 61,
  EapMessage: 79,
  MessageAuthenticator: 80,
  AcctInterimInterval: 85,
  NasPortId: 87,
  NasIpv6Address: 95,
  ErrorCause: 101,
} as const;

export const VENDOR = { WISPr: 14122, ChilliSpot: 14559 } as const;
export const WISPR = { LocationId: 1, LocationName: 2, RedirectionUrl: 4, BandwidthMaxUp: 7, BandwidthMaxDown: 8, SessionTerminateTime: 9 } as const;
export const CHILLI = { MaxInputOctets: 1, MaxOutputOctets: 2, MaxTotalOctets: 3, BandwidthMaxUp: 4, BandwidthMaxDown: 5 } as const;

export const ACCT_STATUS = { Start: 1, Stop: 2, InterimUpdate: 3, AccountingOn: 7, AccountingOff: 8 } as const;

/** RFC 5176 §3.6 Error-Cause values, for reporting a NAK in words. */
export const ERROR_CAUSE: Record<number, string> = {
  201: 'Residual-Session-Context-Removed',
  202: 'Invalid-EAP-Packet',
  401: 'Unsupported-Attribute',
  402: 'Missing-Attribute',
  403: 'NAS-Identification-Mismatch',
  404: 'Invalid-Request',
  405: 'Unsupported-Service',
  406: 'Unsupported-Extension',
  407: 'Invalid-Attribute-Value',
  501: 'Administratively-Prohibited',
  502: 'Request-Not-Routable',
  503: 'Session-Context-Not-Found',
  504: 'Session-Context-Not-Removable',
  505: 'Other-Proxy-Processing-Error',
  506: 'Resources-Unavailable',
  507: 'Request-Initiated',
  508: 'Multiple-Session-Selection-Unsupported',
};

/** RFC 2865 §3: packets are 20..4096 octets. */
export type AttrKind = 'integer' | 'ipaddr' | 'text' | 'octets' | 'ma' | 'chap' | 'password' | 'ipv6';
export const KIND: Record<number, AttrKind> = {
  [ATTR.UserName]: 'text',
  [ATTR.UserPassword]: 'password',
  [ATTR.ChapPassword]: 'chap',
  [ATTR.NasIpAddress]: 'ipaddr',
  [ATTR.NasPort]: 'integer',
  [ATTR.ServiceType]: 'integer',
  7: 'integer',
  [ATTR.FramedIpAddress]: 'ipaddr',
  [ATTR.SessionTimeout]: 'integer',
  [ATTR.IdleTimeout]: 'integer',
  [ATTR.TerminationAction]: 'integer',
  [ATTR.AcctStatusType]: 'integer',
  [ATTR.AcctDelayTime]: 'integer',
  [ATTR.AcctInputOctets]: 'integer',
  [ATTR.AcctOutputOctets]: 'integer',
  [ATTR.AcctAuthentic]: 'integer',
  [ATTR.AcctSessionTime]: 'integer',
  [ATTR.AcctInputPackets]: 'integer',
  [ATTR.AcctOutputPackets]: 'integer',
  [ATTR.AcctTerminateCause]: 'integer',
  [ATTR.AcctLinkCount]: 'integer',
  [ATTR.AcctInputGigawords]: 'integer',
  [ATTR.AcctOutputGigawords]: 'integer',
  [ATTR.EventTimestamp]: 'integer',
  [ATTR.NasPortType]: 'integer',
  [ATTR.MessageAuthenticator]: 'ma',
  [ATTR.AcctInterimInterval]: 'integer',
  [ATTR.NasIpv6Address]: 'ipv6',
  [ATTR.ErrorCause]: 'integer',
};

/** Vendors whose VSAs use the RFC 2865 §5.26 suggested format (type, length, value), so a bad block is detectable. */
export const STANDARD_VSA_VENDORS = new Set([9, 311, 388, 2636, 14122, 14179, 14559, 14823, 14988, 25053, 41112]);
export const VENDOR_INTEGERS: Record<number, Set<number>> = {
  [VENDOR.WISPr]: new Set([WISPR.BandwidthMaxUp, WISPR.BandwidthMaxDown]),
  [VENDOR.ChilliSpot]: new Set([CHILLI.MaxInputOctets, CHILLI.MaxOutputOctets, CHILLI.MaxTotalOctets, CHILLI.BandwidthMaxUp, CHILLI.BandwidthMaxDown]),
};
