import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, trustedProxyHops } from "./client-address";
import { installClientAddressStamp } from "./client-address-stamp";

describe("clientAddressOf", () => {
  it("takes the socket when no proxy is declared, whatever x-forwarded-for claims", () => {
    expect(clientAddressOf("203.0.113.9", "198.51.100.4", 0)).toBe("198.51.100.4");
    expect(clientAddressOf(undefined, "::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("behind declared proxies, the entry that many hops in from the right, never the client's own claims", () => {
    // Client forged "6.6.6.6"; the proxy appended the client's real address.
    expect(clientAddressOf("6.6.6.6, 203.0.113.9", "10.0.0.2", 1)).toBe("203.0.113.9");
    expect(clientAddressOf("6.6.6.6, 203.0.113.9, 10.0.0.3", "10.0.0.2", 2)).toBe("203.0.113.9");
    expect(clientAddressOf(undefined, "10.0.0.2", 3)).toBe("10.0.0.2");
  });

  it("reads the hop count only when it is a small whole number", () => {
    expect([trustedProxyHops(undefined), trustedProxyHops("1"), trustedProxyHops("abc"), trustedProxyHops("-1"), trustedProxyHops("1.5")]).toEqual([0, 1, 0, 0, 0]);
  });
});

describe("installClientAddressStamp", () => {
  it("stamps each request from its socket and overwrites a forged stamp or x-forwarded-for", async () => {
    installClientAddressStamp();
    const server = createServer((req, res) => res.end(String(req.headers[CLIENT_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const seen = await new Promise<string>((resolve, reject) => {
      const req = request({ port, host: "127.0.0.1", headers: { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "7.7.7.7" } }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end();
    });
    server.close();
    expect(seen).toBe("127.0.0.1");
  });
});
