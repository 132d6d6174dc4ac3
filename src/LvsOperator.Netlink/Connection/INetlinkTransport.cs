namespace LvsOperator.Netlink.Connection;

/// <summary>
/// The datagram boundary under <see cref="NetlinkConnection"/>: a real <c>AF_NETLINK</c> socket, or a
/// scripted fake in tests that runs the same codec (the C# form of mdlayher's <c>nltest.Dial</c>).
/// </summary>
internal interface INetlinkTransport : IDisposable
{
    /// <summary>The port id the kernel assigned (<c>nl_pid</c> after bind).</summary>
    uint PortId { get; }

    /// <summary>Sends one datagram (one or many messages) to the kernel.</summary>
    void Send(ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Receives one datagram from the kernel into <paramref name="buffer"/> and returns its length;
    /// waits at most <paramref name="timeout"/>, raising <see cref="NetlinkException"/> (ETIMEDOUT) after it.
    /// </summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken);
}
