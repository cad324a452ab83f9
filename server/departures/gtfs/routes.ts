// routes.txt
import type { FeedSource } from '../feed-source.ts';
import type { FeedRoute } from '../feed-data.ts';
import { eachRow, FeedError, int, need, val } from './rows.ts';

export async function readRoutes(src: FeedSource): Promise<{ routes: FeedRoute[]; routeIdx: Map<string, number> }> {
  const routes: FeedRoute[] = [];
  const routeIdx = new Map<string, number>();
  await eachRow(src, 'routes.txt', ['route_id', 'route_type'], (r) => {
    const id = need(r, 'routes.txt', 'route_id');
    if (routeIdx.has(id)) throw new FeedError(`route_id "${id}" appears twice`, 'routes.txt', r.line);
    routeIdx.set(id, routes.length);
    const color = (val(r, 'route_color') ?? '').trim();
    const text = (val(r, 'route_text_color') ?? '').trim();
    routes.push({
      id,
      agency: (val(r, 'agency_id') ?? '').trim() || null,
      shortName: (val(r, 'route_short_name') ?? '').trim(),
      longName: (val(r, 'route_long_name') ?? '').trim(),
      type: int(r, 'routes.txt', 'route_type', 3),
      color: /^[0-9a-fA-F]{6}$/.test(color) ? color.toUpperCase() : null,
      textColor: /^[0-9a-fA-F]{6}$/.test(text) ? text.toUpperCase() : null,
    });
  });
  return { routes, routeIdx };
}
