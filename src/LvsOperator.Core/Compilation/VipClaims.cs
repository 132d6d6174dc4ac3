using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// Settles which VirtualService owns each kernel service when several claim the same one: the oldest
/// wins (then namespace/name), as Kubernetes settles competing claims, so adding a manifest never
/// takes a working VIP away from another.
/// </summary>
internal static class VipClaims
{
    public static IEnumerable<ServiceKey> KeysOf(VirtualService vs)
    {
        var spec = vs.Spec;
        if (spec.FirewallMark is { } mark)
            return [new FirewallMarkKey((uint)mark, spec.IpFamily.ToAddressFamily())];
        return (spec.Addresses ?? []).Select(a => new VirtualAddressKey(spec.Protocol, IPAddress.Parse(a), (ushort)spec.Port!.Value));
    }

    /// <summary>Splits valid VirtualServices into winners and losers; each loser gets a finding on the field it claims by.</summary>
    public static (HashSet<VirtualService> Winners, HashSet<ResourceRef> Losers) Resolve(IEnumerable<VirtualService> valid, List<Finding> findings)
    {
        var ordered = valid
            .OrderBy(vs => vs.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(ResourceRef.Of)
            .ToList();
        var claimedBy = new Dictionary<ServiceKey, ResourceRef>();
        var winners = new HashSet<VirtualService>(ReferenceEqualityComparer.Instance);
        var losers = new HashSet<ResourceRef>();
        foreach (var vs in ordered)
        {
            var self = ResourceRef.Of(vs);
            var keys = KeysOf(vs).ToList();
            var taken = keys.Select((k, i) => (Key: k, Index: i)).Where(k => claimedBy.ContainsKey(k.Key)).ToList();
            if (taken.Count == 0)
            {
                foreach (var key in keys) claimedBy[key] = self;
                winners.Add(vs);
                continue;
            }

            losers.Add(self);
            findings.AddRange(taken.Select(t => new Finding(self, new FieldError(
                vs.Spec.FirewallMark is null ? $"spec.addresses[{t.Index}]" : "spec.firewallMark",
                $"{Messages.VipConflict} ({t.Key}, claimed by {claimedBy[t.Key]})"))));
        }

        return (winners, losers);
    }
}
