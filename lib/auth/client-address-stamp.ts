import { Server, type IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, trustedProxyHops } from "./client-address";

const INSTALLED = Symbol.for("roster.clientAddressStamp");

/**
 * Stamps every request Node's HTTP server receives with the client address (lib/auth/client-address.ts
 * says why the socket must be read here: Next hands route handlers and actions no socket). Called once
 * from instrumentation.ts, before the first request; patching the prototype also reaches the server
 * Next created already.
 */
export function installClientAddressStamp(): void {
  const proto = Server.prototype as Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const hops = trustedProxyHops();
  const emit = proto.emit;
  proto.emit = function (this: Server, event: string | symbol, ...args: [unknown, ...unknown[]]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      const forwarded = req.headers["x-forwarded-for"];
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(Array.isArray(forwarded) ? forwarded.join(",") : forwarded, req.socket?.remoteAddress, hops);
    }
    return (emit as (event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof proto.emit;
}
