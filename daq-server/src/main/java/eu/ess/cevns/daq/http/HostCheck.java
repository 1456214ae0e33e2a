package eu.ess.cevns.daq.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the HTTP server answers, against DNS rebinding: a web page served
 * from a name of its own that the attacker then points at this server's address would otherwise
 * read the API from the victim's browser (GET included: the status, the config) as if it were the
 * same origin. Answered: no Host header (HTTP/1.0 tools; browsers always send one), an IP address
 * (a page opened by address is this server's own origin, and an address cannot be re-pointed),
 * {@code localhost} and names under {@code .localhost}, the bind address when it is a name, and
 * the names the site file lists ({@code http.allowedHosts}). Compared without the port, case and a
 * trailing dot.
 */
public final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private final Set<String> names = new TreeSet<>();

    public HostCheck(String bindAddress, Collection<String> allowedNames) {
        names.add("localhost");
        names.add(normal(bindAddress));
        allowedNames.forEach(n -> names.add(normal(n)));
    }

    /** Null if a request with this {@code Host} header (null when absent) is answered, else why not. */
    public String refusal(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = normal(withoutPort(hostHeader.strip()));
        if (IPV4.matcher(host).matches() || host.contains(":") || names.contains(host) || host.endsWith(".localhost")) {
            return null;
        }
        return "this server does not answer to the name '" + hostHeader + "': open it by its address, by localhost, or by a name "
                + "listed under http.allowedHosts in its site file (the check stops other web pages from reaching the API "
                + "through a name of theirs, DNS rebinding)";
    }

    private static String withoutPort(String h) {
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        // one colon: name:port; more: a bare IPv6 address, which no browser sends but is an address all the same
        return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }

    private static String normal(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
