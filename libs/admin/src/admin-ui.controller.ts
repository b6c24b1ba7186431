import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayError } from '@latticelm/api';
import { Public } from '@latticelm/auth';
import { ConsoleAsset, ConsoleAssets } from './console-assets';

/**
 * The admin console's files. They hold no data, so they are public; everything the console shows comes from
 * /admin/api/* (and /v1 for the playground) with the credential the operator signs in with.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

@Public()
@Controller('admin')
export class AdminUiController {
  constructor(@Inject(ConsoleAssets) private readonly assets: ConsoleAssets) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    // The page loads assets/* and api/* relative to itself, which needs the trailing slash.
    if (!req.path.endsWith('/')) {
      res.redirect(301, 'admin/');
      return;
    }
    const page = this.assets.get('index.html');
    if (!page) {
      res
        .status(503)
        .set({ ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
        .send('The admin console is not built (dist/console/ is missing): run npm run build.\n');
      return;
    }
    send(req, res, page);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Req() req: Request, @Res() res: Response): void {
    const found = this.assets.get(`assets/${file}`);
    if (!found) throw GatewayError.notFound(`No console asset '${file}'.`);
    send(req, res, found);
  }
}

function send(req: Request, res: Response, asset: ConsoleAsset): void {
  res.set({ ...SECURITY_HEADERS, 'content-type': asset.contentType, 'cache-control': asset.cacheControl, etag: asset.etag, vary: 'accept-encoding' });
  if (req.headers['if-none-match'] === asset.etag) {
    res.status(304).end();
    return;
  }
  const gzip = asset.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (gzip) res.set('content-encoding', 'gzip');
  res.status(200).end(gzip ? asset.gzip : asset.body);
}
