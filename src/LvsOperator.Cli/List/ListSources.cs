using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.List;

/// <summary>Where <c>lvsctl list</c> reads the kernel: netlink and procfs, or stand-ins in tests.</summary>
/// <param name="OpenIpvsAsync">Opens IPVS in the caller's network namespace.</param>
/// <param name="ReadConnections">The text of <c>ip_vs_conn</c>; called on the invoking thread, whose namespace it must show.</param>
internal sealed record ListSources(Func<CancellationToken, Task<IIpvsClient>> OpenIpvsAsync, Func<string> ReadConnections)
{
    public static ListSources Kernel { get; } = new(
        async cancellationToken => await IpvsClient.OpenAsync(null, cancellationToken).ConfigureAwait(false),
        ReadConnectionFile);

    /// <summary>
    /// <c>/proc/net</c> links to <c>/proc/self/net</c>, the namespace of the process's main thread;
    /// <c>/proc/thread-self/net</c> is the calling thread's (Linux 3.17+), the one its netlink sockets
    /// see, which differs when a thread has entered another namespace (as the kernel tests do).
    /// </summary>
    private static string ReadConnectionFile() => File.ReadAllText(
        Directory.Exists("/proc/thread-self") ? "/proc/thread-self/net/ip_vs_conn" : "/proc/net/ip_vs_conn");
}
