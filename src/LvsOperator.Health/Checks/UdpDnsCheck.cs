using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health.Checks;

/// <summary>
/// A DNS query over UDP (keepalived's <c>DNS_CHECK</c>): healthy when an answer to this query's ID comes back
/// with NOERROR. The socket is connected, so an ICMP port unreachable fails the check at once instead of
/// waiting out the timeout; datagrams with another ID (late answers to an earlier check) are skipped.
/// </summary>
public sealed class UdpDnsCheck : IHealthChecker
{
    public async ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        var dns = target.Probe.Dns ?? throw new InvalidOperationException("a DNS check needs dns.queryName");
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = DnsMessage.Query(id, dns.QueryName, (ushort)dns.QueryType);
        var address = target.Key.Destination.Address;
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(new IPEndPoint(address, target.Probe.Port), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);

        var buffer = new byte[DnsMessage.MaxUdpSize];
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var answer = DnsMessage.ReadAnswer(buffer.AsSpan(0, length));
            if (answer is not { } header || header.Id != id) continue;
            return header.ResponseCode == 0 ? HealthCheckResult.Success : HealthCheckResult.Failed($"DNS response code {header.ResponseCode}");
        }
    }
}
