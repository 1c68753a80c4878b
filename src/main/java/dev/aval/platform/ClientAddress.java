package dev.aval.platform;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request comes from, as api.md defines it for the failed-authentication limit:
 * the socket's peer, or — when that peer is one of {@code aval.http.trusted-proxies} — the last
 * hop of {@code X-Forwarded-For} that is not itself a trusted proxy. Hops left of it were written
 * by the client and are never believed.
 */
@Singleton
public class ClientAddress {

    /** Longest address kept as a key (an IPv6 literal is at most 45 characters). */
    static final int MAX_LENGTH = 64;

    private final List<Cidr> trusted;

    @Inject
    public ClientAddress(AvalConfig config) {
        this(config.http().trustedProxies().orElse(List.of()));
    }

    ClientAddress(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                parsed.add(Cidr.parse(entry.strip()));
            }
        }
        this.trusted = List.copyOf(parsed);
    }

    public String of(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String socket = peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
        return of(socket, request.headers().getAll("X-Forwarded-For"));
    }

    String of(String socket, List<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(socket) || forwardedFor.isEmpty()) {
            return socket;
        }
        String last = socket;
        for (int h = forwardedFor.size() - 1; h >= 0; h--) {
            String[] hops = forwardedFor.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                if (!isTrusted(hop)) {
                    return hop.length() > MAX_LENGTH ? hop.substring(0, MAX_LENGTH) : hop;
                }
                last = hop;
            }
        }
        return last; // every hop is a trusted proxy: the leftmost is the best we know
    }

    private boolean isTrusted(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An address range: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
            if (bytes == null) {
                throw new IllegalArgumentException(
                        "aval.http.trusted-proxies: '" + text + "' is not an IP address or CIDR range");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException(
                            "aval.http.trusted-proxies: '" + text + "' has an invalid prefix length");
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
