// Content capability: location files, their schema, and the site's current content.
export { locationSchema, tileSchema, announcementSchema, emergencySchema, type Location, type Tile, type Announcement } from '../location-schema.ts';
export { loadLocation, loadLocationFile, loadAllLocations, listLocationIds } from './locations.ts';
export { createContentService, contentVersion, type ContentService, type ContentSnapshot } from './content-service.ts';
export { localized, pick, type Localized } from './localized.ts';
export { regionalFeedSchema, regionalFileName, type RegionalFeed } from './regional.ts';
export { TOPICS, COUNTY_FILE, EMPTY_COUNTY, countySchema, countyOverridesSchema, signpostLinkSchema, countyFromFiles, loadCountyDefault, mergeCounty, tileTopic, type County, type CountyOverrides, type SignpostLink, type Topic } from './county.ts';
