import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@latticelm/auth';
import { ADMIN_PAGE_HTML } from './ui/admin-page.html';
import { ADMIN_PAGE_SCRIPT } from './ui/admin-page.script';
import { ADMIN_PAGE_STYLE } from './ui/admin-page.style';

/** The page holds no data, so it is public; everything it shows comes from /admin/api/* with the user's token. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

@Public()
@Controller('admin')
export class AdminUiController {
  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    // The page loads admin.js and api/* relative to itself, which needs the trailing slash.
    if (!req.path.endsWith('/')) {
      res.redirect(301, 'admin/');
      return;
    }
    send(res, 'text/html; charset=utf-8', ADMIN_PAGE_HTML);
  }

  @Get('admin.js')
  script(@Res() res: Response): void {
    send(res, 'text/javascript; charset=utf-8', ADMIN_PAGE_SCRIPT);
  }

  @Get('admin.css')
  style(@Res() res: Response): void {
    send(res, 'text/css; charset=utf-8', ADMIN_PAGE_STYLE);
  }
}

function send(res: Response, contentType: string, body: string): void {
  res.status(200).set({ ...SECURITY_HEADERS, 'content-type': contentType }).send(body);
}
