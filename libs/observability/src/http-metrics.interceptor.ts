import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';

import { CORRELATION_HEADER, correlationIdFrom, runWithCorrelation } from './correlation';
import { Metrics } from './metrics';

interface HttpRequestLike {
  method: string;
  id?: unknown;
  headers: Record<string, unknown>;
  routeOptions?: { url?: string };
}

/** Times each HTTP request and runs its handler with the request's correlation id in scope. */
@Injectable()
export class HttpObservabilityInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<HttpRequestLike>();
    const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER] ?? req.id);
    http
      .getResponse<{ header?: (name: string, value: string) => void }>()
      .header?.(CORRELATION_HEADER, correlationId);
    const route = req.routeOptions?.url ?? 'unknown';
    const end = Metrics.httpRequests.startTimer({ method: req.method, route });
    return new Observable((subscriber) =>
      runWithCorrelation(correlationId, () =>
        next
          .handle()
          .pipe(
            tap({
              complete: () => end({ status: String(http.getResponse<{ statusCode: number }>().statusCode) }),
              error: (e: { status?: number }) => end({ status: String(e?.status ?? 500) }),
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
