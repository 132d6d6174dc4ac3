using System.Net;
using System.Text.RegularExpressions;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Validation;

/// <summary>
/// The CRD's rules for <c>spec.activeActive</c> (issue 17), for manifests that never reach an API server: what
/// cannot work with every director serving at once (a scheduler other than mh, NAT, VRRP) and the BGP fields.
/// </summary>
internal static partial class ActiveActiveValidator
{
    private const string Path = "spec.activeActive";
    public const long MaxAsn = uint.MaxValue - 1;

    /// <summary>RFC 4271 §4.2: a hold time is zero or at least three seconds, in 16 bits.</summary>
    private static readonly TimeSpan MinHoldTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan MaxHoldTime = TimeSpan.FromSeconds(ushort.MaxValue);

    public static void Validate(VirtualServiceSpec spec, bool hasMark, List<FieldError> errors)
    {
        if (spec.ActiveActive is not { } activeActive) return;
        if (spec.Failover is not null) errors.Add(new(Path, Messages.ActiveActiveNotWithFailover));
        if (hasMark) errors.Add(new(Path, Messages.ActiveActiveNeedsAddresses));
        if ((spec.Scheduler ?? new Scheduler()).Name != "mh") errors.Add(new("spec.scheduler", Messages.ActiveActiveNeedsMh));
        if (spec.Forwarding?.Method == ForwardingMethod.Masquerade) errors.Add(new("spec.forwarding.method", Messages.ActiveActiveNoNat));
        var statics = spec.RealServers?.Static ?? [];
        for (var i = 0; i < statics.Count; i++)
            if (statics[i].Forwarding?.Method == ForwardingMethod.Masquerade)
                errors.Add(new($"spec.realServers.static[{i}].forwarding.method", Messages.ActiveActiveNoNat));

        if (activeActive.Bgp is not { } bgp)
        {
            errors.Add(new($"{Path}.bgp", "is required"));
            return;
        }

        ValidateBgp($"{Path}.bgp", bgp, errors);
    }

    private static void ValidateBgp(string path, Bgp bgp, List<FieldError> errors)
    {
        Range(errors, $"{path}.localASN", bgp.LocalAsn, 1, MaxAsn);
        Range(errors, $"{path}.localPreference", bgp.LocalPreference, 0, uint.MaxValue);
        var peers = bgp.Peers ?? [];
        if (peers.Count == 0) errors.Add(new($"{path}.peers", "must have at least 1 item"));
        var seen = new HashSet<IPAddress>();
        for (var i = 0; i < peers.Count; i++) ValidatePeer($"{path}.peers[{i}]", peers[i], seen, errors);

        var communities = bgp.Communities ?? [];
        for (var i = 0; i < communities.Count; i++)
            if (!IsCommunity(communities[i])) errors.Add(new($"{path}.communities[{i}]", Messages.BgpCommunityInvalid));
    }

    private static void ValidatePeer(string path, BgpPeer peer, HashSet<IPAddress> seen, List<FieldError> errors)
    {
        if (!IpAddresses.TryParse(peer.Address, out var address)) errors.Add(new($"{path}.address", Messages.AddressInvalid));
        else if (!seen.Add(address)) errors.Add(new($"{path}.address", Messages.BgpPeerListedTwice));
        Range(errors, $"{path}.asn", peer.Asn, 1, MaxAsn);
        if (peer.PasswordSecretRef is { } secret && (secret.Name.Length == 0 || secret.Key.Length == 0))
            errors.Add(new($"{path}.passwordSecretRef", "needs a name and a key"));
        if (!TryParseHoldTime(peer.HoldTime, out _)) errors.Add(new($"{path}.holdTime", Messages.BgpHoldTimeRange));
    }

    /// <summary>An RFC 1997 community as the CRD's pattern allows it.</summary>
    public static bool IsCommunity(string text) => Community().IsMatch(text);

    /// <summary>A hold time as the CRD allows it: whole seconds (no ms unit), 0 or 3 to 65535.</summary>
    public static bool TryParseHoldTime(string text, out TimeSpan holdTime)
    {
        holdTime = TimeSpan.Zero;
        if (!WholeSeconds().IsMatch(text) || !HealthCheckDuration.TryParse(text, out holdTime)) return false;
        return holdTime == TimeSpan.Zero || holdTime >= MinHoldTime && holdTime <= MaxHoldTime;
    }

    private static void Range(List<FieldError> errors, string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max)) errors.Add(new(field, $"must be between {min} and {max}"));
    }

    [GeneratedRegex("^([0-9]{1,5}(h|m|s)){1,3}$")]
    private static partial Regex WholeSeconds();

    /// <summary>The CRD's pattern: each part one to four digits, or five up to 65535.</summary>
    [GeneratedRegex("^([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]):"
        + "([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$")]
    private static partial Regex Community();
}
