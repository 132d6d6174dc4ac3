using System.Globalization;
using LvsOperator.Node.Bgp;
using Prometheus;

namespace LvsOperator.Agent.Bgp;

/// <summary>
/// The director's BGP sessions as metrics, named as the community FRR exporter (tynany/frr_exporter) names them, so
/// dashboards made for it read these too; the agent's own view of them, refreshed after every reconcile cycle.
/// </summary>
internal static class BgpMetrics
{
    private static readonly string[] Labels = ["afi", "safi", "peer"];

    private static readonly Gauge State = Metrics.CreateGauge(
        "frr_bgp_peer_state", "State of the BGP session with each peer: 1 established, 0 not.", Labels);

    private static readonly Gauge Uptime = Metrics.CreateGauge(
        "frr_bgp_peer_uptime_seconds", "How long the session has been established; 0 while it is not.", Labels);

    private static readonly Gauge Advertised = Metrics.CreateGauge(
        "frr_bgp_peer_prefixes_advertised_count_total", "Prefixes (VIPs) advertised to the peer.", Labels);

    private static readonly Gauge Received = Metrics.CreateGauge(
        "frr_bgp_peer_prefixes_received_count_total", "Prefixes received from the peer (the director accepts none).", Labels);

    private static HashSet<string[]> _published = new(new SequenceComparer());

    /// <summary>Sets the sessions now reported and drops the series of sessions no longer there.</summary>
    public static void Record(IReadOnlyList<BgpPeerState> sessions, DateTimeOffset now)
    {
        var current = new HashSet<string[]>(new SequenceComparer());
        foreach (var session in sessions)
        {
            var labels = LabelsOf(session);
            current.Add(labels);
            State.WithLabels(labels).Set(session.Established ? 1 : 0);
            Uptime.WithLabels(labels).Set(session.EstablishedSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0);
            Advertised.WithLabels(labels).Set(session.PrefixesSent);
            Received.WithLabels(labels).Set(session.PrefixesReceived);
        }

        foreach (var gone in _published.Where(l => !current.Contains(l)))
        {
            State.RemoveLabelled(gone);
            Uptime.RemoveLabelled(gone);
            Advertised.RemoveLabelled(gone);
            Received.RemoveLabelled(gone);
        }

        _published = current;
    }

    /// <summary>FRR's family key (<c>ipv4Unicast</c>) as the exporter's afi and safi labels.</summary>
    private static string[] LabelsOf(BgpPeerState session)
    {
        var family = session.Family;
        var split = family.IndexOfAny(['U', 'M', 'F', 'L']);
        var afi = split > 0 ? family[..split] : family;
        var safi = split > 0 ? family[split..].ToLower(CultureInfo.InvariantCulture) : "";
        return [afi, safi, session.Peer.ToString()];
    }

    private sealed class SequenceComparer : IEqualityComparer<string[]>
    {
        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);
        public int GetHashCode(string[] obj) => HashCode.Combine(obj[0], obj[1], obj[2]);
    }
}
