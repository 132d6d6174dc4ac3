using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Resources;

/// <summary>A <see cref="FailoverGroup"/> to and from its NodeSlice form.</summary>
internal static class FailoverSlices
{
    public static FailoverSlice Encode(FailoverGroup group) => new()
    {
        VirtualRouterId = group.VirtualRouterId,
        Priority = group.Priority,
        AdvertisementInterval = Duration(group.AdvertisementInterval),
        Preempt = group.Preempt,
        PreemptDelay = Duration(group.PreemptDelay),
        ConnectionSync = group.ConnectionSync,
        Interface = group.Interface,
        UnicastPeers = group.UnicastPeers.Select(p => p.ToString()).ToList(),
        Addresses = group.Addresses.Select(a => a.ToString()).ToList(),
    };

    /// <exception cref="FormatException">A field is out of range or not what it claims to be.</exception>
    public static FailoverGroup Decode(FailoverSlice slice)
    {
        if (slice.VirtualRouterId is < 1 or > byte.MaxValue || slice.Priority is < 1 or > byte.MaxValue - 1)
            throw new FormatException($"failover virtualRouterId {slice.VirtualRouterId} or priority {slice.Priority} is out of range");
        return new FailoverGroup(
            (byte)slice.VirtualRouterId, (byte)slice.Priority, Duration(slice.AdvertisementInterval), slice.Preempt, Duration(slice.PreemptDelay),
            slice.ConnectionSync, slice.Interface, slice.UnicastPeers.Select(Address).ToImmutableArray(), [])
            .Merge(slice.Addresses.Select(Address));
    }

    // Whole milliseconds are exact (the interval is centiseconds, the delay at most 1000 s); seconds and
    // milliseconds apart, as the CRD's Go durations allow at most five digits a part.
    private static string Duration(TimeSpan value)
    {
        var (seconds, milliseconds) = Math.DivRem((long)value.TotalMilliseconds, 1000);
        var text = seconds > 0 ? seconds.ToString(CultureInfo.InvariantCulture) + "s" : "";
        return milliseconds > 0 || seconds == 0 ? text + milliseconds.ToString(CultureInfo.InvariantCulture) + "ms" : text;
    }

    private static TimeSpan Duration(string text) =>
        HealthCheckDuration.TryParse(text, out var value) ? value : throw new FormatException($"\"{text}\" is not a duration");

    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"\"{text}\" is not an IP address");
}
