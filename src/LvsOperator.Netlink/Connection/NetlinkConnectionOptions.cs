namespace LvsOperator.Netlink.Connection;

/// <summary>Tuning for a <see cref="NetlinkConnection"/>.</summary>
public sealed record NetlinkConnectionOptions
{
    /// <summary>Longest wait for the next reply datagram before ETIMEDOUT.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requested <c>SO_RCVBUF</c> (forced past <c>rmem_max</c> with CAP_NET_ADMIN). Each queued
    /// reply costs about a kilobyte of socket memory (skb truesize); a batch window can queue one
    /// error per request, so this must cover <see cref="MaxBatchMessages"/> of them.
    /// </summary>
    public int ReceiveBufferBytes { get; init; } = 8 << 20;

    /// <summary>Requested <c>SO_SNDBUF</c>; one batch datagram must fit.</summary>
    public int SendBufferBytes { get; init; } = 2 << 20;

    /// <summary>Most requests sent in one <c>sendmsg</c> before their acks are collected.</summary>
    public int MaxBatchMessages { get; init; } = 1024;

    /// <summary>Most bytes sent in one <c>sendmsg</c>.</summary>
    public int MaxBatchBytes { get; init; } = 256 << 10;
}
