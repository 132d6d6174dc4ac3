using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Health.Checks;

/// <summary>
/// A TCP handshake with the check port, then a close (keepalived's <c>TCP_CHECK</c>). The close is a reset
/// (SO_LINGER 0, as HAProxy closes its checks): the checker closes first, so a normal close would leave a
/// TIME_WAIT socket on the director for 60 s per check, hundreds of thousands at 10,000 checks a second.
/// </summary>
public sealed class TcpConnectCheck : IHealthChecker
{
    public async ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Success;
    }

    /// <summary>A connected socket to the target's check port; the HTTP check starts the same way.</summary>
    internal static async Task<Socket> ConnectAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        var address = target.Key.Destination.Address;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { LingerState = new LingerOption(true, 0) };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, target.Probe.Port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
