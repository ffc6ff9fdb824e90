import { Controller, Get, NotFoundException, Param, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { Asset, CONSOLE_CSP, loadAsyncApi, loadConsoleAssets } from './console-assets';

interface Reply {
  header(name: string, value: string): Reply;
  send(body: unknown): void;
}

/**
 * The regulator console at `/console` (sign-in as a named person, charts, risk warnings, credit lists, receipts;
 * Chinese by default, English on a switch) and the landing page at `/`, as static files: the page reads the /v1
 * API with the person's session token, like any client. Not part of the API's OpenAPI document.
 */
@ApiExcludeController()
@Controller({ version: VERSION_NEUTRAL })
export class ConsoleController {
  private readonly assets = loadConsoleAssets();
  private readonly asyncApi = loadAsyncApi();

  @Get()
  landing(@Res() reply: Reply): void {
    this.send(reply, this.assets.get('landing')!);
  }

  @Get('console')
  console(@Res() reply: Reply): void {
    this.send(reply, this.assets.get('console')!);
  }

  @Get('console/:file')
  file(@Param('file') file: string, @Res() reply: Reply): void {
    const asset = file === 'index.html' || file === 'landing' ? undefined : this.assets.get(file);
    if (!asset) throw new NotFoundException(`No console file ${file}`);
    this.send(reply, asset);
  }

  @Get('asyncapi.yaml')
  asyncapi(@Res() reply: Reply): void {
    if (!this.asyncApi) throw new NotFoundException('This installation has no AsyncAPI document');
    this.send(reply, this.asyncApi);
  }

  private send(reply: Reply, asset: Asset): void {
    reply
      .header('content-type', asset.contentType)
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .send(asset.body);
  }
}
