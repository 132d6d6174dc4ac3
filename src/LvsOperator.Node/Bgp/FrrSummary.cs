using System.Net;
using System.Text.Json;

namespace LvsOperator.Node.Bgp;

/// <summary>
/// Reads <c>vtysh -c 'show bgp summary json'</c> (FRR 8.x: one object per address family, each with <c>peers</c> by
/// address). A family's <c>peerUptimeEstablishedEpoch</c> (Unix seconds) appears only while the session is up.
/// </summary>
public static class FrrSummary
{
    /// <exception cref="FormatException">The text is not FRR's summary JSON.</exception>
    public static IReadOnlyList<BgpPeerState> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var states = new List<BgpPeerState>();
            foreach (var family in document.RootElement.EnumerateObject())
            {
                if (!family.Value.TryGetProperty("peers", out var peers)) continue;
                foreach (var peer in peers.EnumerateObject()) states.Add(Peer(family.Name, peer));
            }

            return states.OrderBy(s => s.Family, StringComparer.Ordinal).ThenBy(s => s.Peer, Core.Kernel.BgpAnnouncement.Addresses).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"not FRR's bgp summary: {e.Message}", e);
        }
    }

    private static BgpPeerState Peer(string family, JsonProperty peer)
    {
        var body = peer.Value;
        var address = IPAddress.TryParse(peer.Name, out var parsed) ? parsed : throw new FormatException($"peer \"{peer.Name}\" is not an address");
        var state = body.GetProperty("state").GetString() ?? "";
        DateTimeOffset? since = state == "Established" && body.TryGetProperty("peerUptimeEstablishedEpoch", out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch.GetInt64())
            : null;
        return new BgpPeerState(address, family, state, since, Count(body, "pfxSnt"), Count(body, "pfxRcd"));
    }

    private static long Count(JsonElement body, string name) => body.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
}
