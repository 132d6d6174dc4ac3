using System.Globalization;
using System.Numerics;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// An <see cref="AddressPool"/>'s status from its <see cref="PoolUsage"/>. Transition times move only when a
/// condition's status does, so an unchanged pool yields an equal status and the controller writes nothing.
/// </summary>
public static class AddressPoolStatusBuilder
{
    public static AddressPoolStatus Build(AddressPool pool, PoolUsage usage, DateTimeOffset now)
    {
        var generation = pool.Metadata.Generation;
        var conditions = new ConditionSet(pool.Status?.Conditions, generation, now);
        var unparsable = usage.UnparsableEntries.Count > 0;
        var overlapping = usage.OverlappingPools.Count > 0;

        conditions.Set(AddressPoolConditions.Ready, usage.Usable,
            unparsable ? AddressPoolConditions.ReasonBadEntry : overlapping ? AddressPoolConditions.ReasonOverlap : AddressPoolConditions.ReasonAvailable,
            usage.Usable ? "the pool hands out addresses" : "the pool hands out no new address until the conditions below clear");
        conditions.Set(AddressPoolConditions.Unparsable, unparsable,
            unparsable ? AddressPoolConditions.ReasonBadEntry : AddressPoolConditions.ReasonNone,
            unparsable ? $"neither a CIDR nor a range a-b: {string.Join(", ", usage.UnparsableEntries)}" : "every entry parses");
        conditions.Set(AddressPoolConditions.Overlapping, overlapping,
            overlapping ? AddressPoolConditions.ReasonOverlap : AddressPoolConditions.ReasonNone,
            overlapping ? $"shares addresses with older pool(s) {string.Join(", ", usage.OverlappingPools)}, which keep them" : "no other pool holds these addresses");
        // The Services lose the addresses in the same pass that notices it, so the next pass sees nothing outside;
        // the condition stays until the pool's next edit, which is what it is about.
        var before = pool.Status?.Conditions?.FirstOrDefault(c => c.Type == AddressPoolConditions.Shrunk);
        var sameEdit = before is { Status: ConditionStatus.True } && before.ObservedGeneration == generation;
        var shrunk = usage.ShrunkUnder.Count > 0 || sameEdit;
        conditions.Set(AddressPoolConditions.Shrunk, shrunk,
            shrunk ? AddressPoolConditions.ReasonAddressesLeftPool : AddressPoolConditions.ReasonNone,
            usage.ShrunkUnder.Count > 0
                ? $"the pool no longer contains addresses held by Services {string.Join(", ", usage.ShrunkUnder.Take(10))}; they get others or none (see their events)"
                : sameEdit ? before!.Message : "every assigned address is in the pool");

        return new AddressPoolStatus
        {
            ObservedGeneration = generation,
            Total = (usage.TotalIPv4 + usage.TotalIPv6).ToString(CultureInfo.InvariantCulture),
            Assigned = usage.AssignedIPv4 + usage.AssignedIPv6,
            Ipv4 = Family(usage.TotalIPv4, usage.AssignedIPv4),
            Ipv6 = Family(usage.TotalIPv6, usage.AssignedIPv6),
            Conditions = conditions.Conditions,
        };
    }

    private static AddressFamilyUsage? Family(BigInteger total, int assigned) =>
        total.IsZero ? null : new() { Total = total.ToString(CultureInfo.InvariantCulture), Assigned = assigned };
}
