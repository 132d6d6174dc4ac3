using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>What a published NodeSlice's status says about its current spec.</summary>
internal static class SliceState
{
    /// <summary>The agent applied this very generation and the kernel holds it.</summary>
    public static bool Programmed(NodeSlice slice) => Reported(slice, ConditionTypes.Programmed) is { Status: ConditionStatus.True };

    /// <summary>The agent applied this generation and nothing of it is still draining.</summary>
    public static bool Settled(NodeSlice slice) =>
        Programmed(slice) && Reported(slice, ConditionTypes.Draining) is not { Status: ConditionStatus.True };

    /// <summary>The agent's condition of the given type, if it is about the slice's current generation.</summary>
    public static Condition? Reported(NodeSlice slice, string type) =>
        slice.Status is { } status && status.ObservedGeneration == slice.Metadata.Generation
            ? status.Conditions?.FirstOrDefault(c => c.Type == type)
            : null;

    /// <summary>Field by field (records compare their lists by reference); the controller asks this of every slice on every pass.</summary>
    public static bool SameSpec(NodeSliceSpec a, NodeSliceSpec b) =>
        a.NodeName == b.NodeName && a.VirtualService == b.VirtualService
        && a.Services.SequenceEqual(b.Services, ServiceComparer.Instance)
        && a.Addresses.SequenceEqual(b.Addresses) && a.Links.SequenceEqual(b.Links) && a.Sysctls.SequenceEqual(b.Sysctls) && a.GuePorts.SequenceEqual(b.GuePorts)
        && SameFailover(a.Failover, b.Failover)
        && Same(a.Bgp, b.Bgp, ResourceJsonContext.Default.SliceBgp);

    private static bool SameFailover(IReadOnlyList<FailoverSlice> a, IReadOnlyList<FailoverSlice> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (!a[i].SameAs(b[i])) return false;
        return true;
    }

    public static bool Empty(NodeSliceSpec spec) =>
        spec.Services.Count == 0 && spec.Addresses.Count == 0 && spec.Links.Count == 0 && spec.Sysctls.Count == 0 && spec.Failover.Count == 0 && spec.GuePorts.Count == 0
        && spec.Bgp is null;

    private sealed class ServiceComparer : IEqualityComparer<SliceService>
    {
        public static ServiceComparer Instance { get; } = new();

        public bool Equals(SliceService? x, SliceService? y) =>
            x is not null && y is not null
            && x.Protocol == y.Protocol && x.Address == y.Address && x.Port == y.Port && x.FirewallMark == y.FirewallMark
            && x.IpFamily == y.IpFamily && x.Scheduler == y.Scheduler && x.Flags == y.Flags && x.Persistence == y.Persistence && x.SourceNat == y.SourceNat
            && Same(x.HealthCheck, y.HealthCheck, ResourceJsonContext.Default.HealthCheck)
            && x.Destinations.SequenceEqual(y.Destinations, DestinationComparer.Instance);

        public int GetHashCode(SliceService obj) => HashCode.Combine(obj.Address, obj.Port, obj.FirewallMark);
    }

    private sealed class DestinationComparer : IEqualityComparer<SliceDestination>
    {
        public static DestinationComparer Instance { get; } = new();

        /// <summary>Without an override on either side the records compare as they are; copies without it only for overrides.</summary>
        public bool Equals(SliceDestination? x, SliceDestination? y) =>
            x is not null && y is not null
            && (x.HealthCheck is null && y.HealthCheck is null
                ? x == y
                : x with { HealthCheck = null } == y with { HealthCheck = null }
                  && Same(x.HealthCheck, y.HealthCheck, ResourceJsonContext.Default.HealthCheckOverride));

        public int GetHashCode(SliceDestination obj) => HashCode.Combine(obj.Address, obj.Port);
    }

    /// <summary>
    /// Equal as JSON: health checks and RealServer specs nest lists, which records compare by reference, and
    /// an object read back from the API server holds new lists. They are small, so JSON decides.
    /// </summary>
    public static bool Same<T>(T? x, T? y, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) where T : class =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null
            // Value equality first: it holds unless a list is inside, and costs no serialisation.
            && (x.Equals(y) || System.Text.Json.JsonSerializer.Serialize(x, info) == System.Text.Json.JsonSerializer.Serialize(y, info)));
}
