using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Node.Bgp;

/// <summary>
/// Renders a director's BGP intent as FRR's integrated configuration (<c>frr.conf</c>), for <c>frr-reload.py</c>,
/// which applies only the difference and so keeps established sessions. Pure: the same intent and options give the
/// same bytes. Every VIP is a <c>network</c> statement (announced whether or not zebra sees the address, so the
/// agent alone decides when it is withdrawn); each peer gets only its own VIPs out and nothing in, so a router can
/// never steer a director's own routing.
/// </summary>
public static class FrrConfig
{
    /// <summary>TCP_MD5SIG_MAXKEYLEN (include/uapi/linux/tcp.h).</summary>
    private const int MaxPasswordLength = 80;

    /// <summary>How the marker begins: in bgpd's running configuration, the sign that an agent rendered it.</summary>
    public const string Signature = "description lvs-operator ";

    private const string DenyAll = "lvs-deny";
    private const string BfdProfile = "lvs";

    public static FrrRendering Render(BgpAnnouncement intent, FrrRenderOptions options)
    {
        var problems = new List<string>();
        var sessions = intent.Sessions.Values.Where(s => Usable(s, options, problems)).ToList();
        var kept = sessions.Select(s => s.Peer).ToHashSet();
        var routes = options.Serving ? intent.Routes.Values.Select(r => r with { Peers = r.Peers.Intersect(kept) }).Where(r => r.Peers.Count > 0).ToList() : [];

        var text = new StringBuilder();
        Line(text, "! Rendered by the LvsOperator agent from its NodeSlices (issue 17); the next change overwrites edits.");
        Line(text, "frr defaults traditional");
        Line(text, "!");
        if (sessions.Count == 0) return new FrrRendering(text.ToString(), problems);

        if (sessions.Any(s => s.Bfd)) Bfd(text);
        PrefixLists(text, sessions, routes);
        RouteMaps(text, sessions, routes);
        Router(text, sessions, routes, options);
        return Marked(text.ToString(), sessions[0], problems);
    }

    /// <summary>
    /// Adds a digest of the configuration as the first neighbour's description: bgpd keeps it in its running
    /// configuration (a comment it would drop, and a route-map lives in zebra too), so a bgpd restarted empty by
    /// watchfrr is told from one that still holds this configuration.
    /// </summary>
    private static FrrRendering Marked(string text, BgpSession first, List<string> problems)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var marker = $" neighbor {first.Peer} {Signature}{digest}";
        var anchor = $" neighbor {first.Peer} remote-as {Number(first.PeerAsn)}\n";
        var at = text.IndexOf(anchor, StringComparison.Ordinal) + anchor.Length;
        return new FrrRendering(text.Insert(at, marker + "\n"), problems) { Marker = marker };
    }

    private static bool Usable(BgpSession session, FrrRenderOptions options, List<string> problems)
    {
        if (session.Password is not { } secret) return true;
        if (!options.Passwords.TryGetValue(secret, out var password))
            problems.Add($"peer {session.Peer}: password Secret {secret.Namespace}/{secret.Name} key {secret.Key} not found; session left out");
        else if (password.Length is 0 or > MaxPasswordLength || password.Any(c => c is <= ' ' or > '~'))
            problems.Add($"peer {session.Peer}: password must be 1-{MaxPasswordLength} printable ASCII characters without spaces; session left out");
        else return true;
        return false;
    }

    /// <summary>RFC 5880 at 100 ms: the router drops a dead director after 300 ms, as the issue's lab asks.</summary>
    private static void Bfd(StringBuilder text)
    {
        Line(text, "bfd");
        Line(text, $" profile {BfdProfile}");
        Line(text, "  receive-interval 100");
        Line(text, "  transmit-interval 100");
        Line(text, "  detect-multiplier 3");
        Line(text, " exit");
        Line(text, "exit");
        Line(text, "!");
    }

    private static void PrefixLists(StringBuilder text, List<BgpSession> sessions, List<BgpRoute> routes)
    {
        foreach (var session in sessions)
        {
            var mine = routes.Where(r => r.Peers.Contains(session.Peer)).ToList();
            for (var i = 0; i < mine.Count; i++)
                Line(text, $"{Ip(session.Peer)} prefix-list {Name("lvs-to", session.Peer)} seq {(i + 1) * 5} permit {HostRoute(mine[i].Vip)}");
        }

        if (routes.Count > 0) Line(text, "!");
    }

    private static void RouteMaps(StringBuilder text, List<BgpSession> sessions, List<BgpRoute> routes)
    {
        Line(text, $"route-map {DenyAll} deny 10");
        Line(text, "exit");
        Line(text, "!");
        foreach (var session in sessions.Where(s => routes.Any(r => r.Peers.Contains(s.Peer))))
        {
            Line(text, $"route-map {Name("lvs-to", session.Peer)} permit 10");
            Line(text, $" match {Ip(session.Peer)} address prefix-list {Name("lvs-to", session.Peer)}");
            Line(text, "exit");
            Line(text, "!");
        }

        foreach (var route in routes.Where(HasAttributes))
        {
            Line(text, $"route-map {Name("lvs-vip", route.Vip)} permit 10");
            if (route.Communities.Count > 0) Line(text, $" set community {string.Join(' ', route.Communities)}");
            if (route.LocalPreference is { } preference) Line(text, $" set local-preference {Number(preference)}");
            Line(text, "exit");
            Line(text, "!");
        }
    }

    private static void Router(StringBuilder text, List<BgpSession> sessions, List<BgpRoute> routes, FrrRenderOptions options)
    {
        // One BGP instance per node: the first session's AS is the instance's, the others present theirs with local-as.
        var asn = sessions[0].LocalAsn;
        Line(text, $"router bgp {Number(asn)}");
        if (options.RouterId is { } id) Line(text, $" bgp router-id {id}");
        Line(text, " no bgp ebgp-requires-policy");
        Line(text, " no bgp default ipv4-unicast");
        Line(text, " no bgp network import-check");
        foreach (var session in sessions) Neighbor(text, session, asn, options);
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            var peers = sessions.Where(s => s.Peer.AddressFamily == family).ToList();
            if (peers.Count == 0) continue;
            Line(text, " !");
            Line(text, $" address-family {(family == AddressFamily.InterNetwork ? "ipv4" : "ipv6")} unicast");
            foreach (var route in routes.Where(r => r.Vip.AddressFamily == family))
                Line(text, $"  network {HostRoute(route.Vip)}{(HasAttributes(route) ? $" route-map {Name("lvs-vip", route.Vip)}" : "")}");
            foreach (var peer in peers)
            {
                var outbound = routes.Any(r => r.Peers.Contains(peer.Peer)) ? Name("lvs-to", peer.Peer) : DenyAll;
                Line(text, $"  neighbor {peer.Peer} activate");
                Line(text, $"  neighbor {peer.Peer} route-map {DenyAll} in");
                Line(text, $"  neighbor {peer.Peer} route-map {outbound} out");
            }

            Line(text, " exit-address-family");
        }

        Line(text, "exit");
        Line(text, "!");
    }

    private static void Neighbor(StringBuilder text, BgpSession session, long instanceAsn, FrrRenderOptions options)
    {
        var peer = session.Peer.ToString();
        Line(text, $" neighbor {peer} remote-as {Number(session.PeerAsn)}");
        if (session.LocalAsn != instanceAsn) Line(text, $" neighbor {peer} local-as {Number(session.LocalAsn)} no-prepend replace-as");
        // RFC 4271 §10: keepalives at a third of the hold time; a zero hold time sends none.
        Line(text, $" neighbor {peer} timers {Number(session.HoldTimeSeconds / 3)} {Number(session.HoldTimeSeconds)}");
        if (session.Password is { } secret) Line(text, $" neighbor {peer} password {options.Passwords[secret]}");
        if (session.Bfd) Line(text, $" neighbor {peer} bfd profile {BfdProfile}");
    }

    private static bool HasAttributes(BgpRoute route) => route.Communities.Count > 0 || route.LocalPreference is not null;

    private static string Ip(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? "ip" : "ipv6";

    private static string HostRoute(IPAddress address) =>
        $"{address}/{(address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}";

    /// <summary>FRR names are single words: an address with its dots and colons as dashes stays one, and stays stable.</summary>
    private static string Name(string prefix, IPAddress address) => $"{prefix}-{address.ToString().Replace('.', '-').Replace(':', '-')}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
