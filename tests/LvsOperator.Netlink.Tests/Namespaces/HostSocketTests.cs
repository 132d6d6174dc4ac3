using System.Buffers;
using System.Diagnostics;
using System.Net;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Interop;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Namespaces;

/// <summary>The real <c>AF_NETLINK</c> socket on the host: family lookups, errors, timeouts, cancellation, batches.</summary>
public sealed class HostSocketTests : IDisposable
{
    private readonly NetworkNamespaceThread _namespace = new();

    public void Dispose() => _namespace.Dispose();

    [Fact]
    public Task The_controller_resolves_itself_and_refuses_unknown_families() => _namespace.RunAsync(async () =>
    {
        using NetlinkConnection connection = NetlinkConnection.OpenGeneric();
        Assert.NotEqual(0u, connection.PortId);
        GenericNetlinkFamily ctrl = await GenericNetlinkFamily.ResolveAsync(connection, "nlctrl");
        Assert.Equal(("nlctrl", GenericNetlink.GENL_ID_CTRL), (ctrl.Name, ctrl.Id));

        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => GenericNetlinkFamily.ResolveAsync(connection, "LVSOP_NOSUCH"));
        Assert.Equal((Errnos.ENOENT, true), (e.Errno, e.IsNotFound));
        Assert.Contains("CTRL_CMD_GETFAMILY", e.Operation, StringComparison.Ordinal);

        // The connection is still in step after an error.
        Assert.Equal(GenericNetlink.GENL_ID_CTRL, (await GenericNetlinkFamily.ResolveAsync(connection, "nlctrl")).Id);
    });

    [Fact]
    public async Task A_receive_with_nothing_coming_times_out()
    {
        using NetlinkSocket socket = NetlinkSocket.Open(NetlinkInterop.NETLINK_ROUTE, 0, 0);
        var watch = Stopwatch.StartNew();
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(async () => await socket.ReceiveAsync(new byte[4096], TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal(Errnos.ETIMEDOUT, e.Errno);
        Assert.InRange(watch.ElapsedMilliseconds, 250, 5000);
    }

    [Fact]
    public async Task A_receive_is_cancellable()
    {
        using NetlinkSocket socket = NetlinkSocket.Open(NetlinkInterop.NETLINK_ROUTE, 0, 0);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await socket.ReceiveAsync(new byte[4096], TimeSpan.FromMinutes(5), cts.Token));
        Assert.InRange(watch.ElapsedMilliseconds, 50, 3000);
    }

    [Fact]
    public void Buffers_are_enlarged_for_batches()
    {
        using NetlinkSocket socket = NetlinkSocket.Open(NetlinkInterop.NETLINK_ROUTE, 8 << 20, 2 << 20);
        Assert.True(socket.ReceiveBufferBytes >= 8 << 20, socket.ReceiveBufferBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task A_batch_of_thousands_of_requests_collects_every_ack() => _namespace.RunAsync(async () =>
    {
        using NetlinkConnection connection = NetlinkConnection.OpenRoute(new NetlinkConnectionOptions { MaxBatchMessages = 1000 });
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new NetlinkWriter(buffer);
        const int count = 3000;
        for (int i = 0; i < count; i++)
        {
            // Every 100th repeats the previous address: EEXIST, reported in its place.
            int n = i % 100 == 99 ? i - 1 : i;
            RouteEncoder.AddressRequest(writer, RouteNetlink.RTM_NEWADDR, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 1, IPAddress.Parse($"198.18.{n / 256}.{n % 256}"), 32, 0);
        }

        NetlinkBatchResult result = await connection.ExecuteBatchAsync(buffer.WrittenMemory);
        Assert.Equal(count, result.Count);
        Assert.Equal(30, result.FailureCount);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i % 100 == 99 ? Errnos.EEXIST : 0, result.GetErrno(i));
        }

        using var route = new RouteNetlinkClient(connection);
        Assert.Equal(count - 30, (await route.GetAddressesAsync(System.Net.Sockets.AddressFamily.InterNetwork)).Count);
    });

    [Fact]
    public Task A_batch_where_every_request_fails_reports_every_error() => _namespace.RunAsync(async () =>
    {
        // One error reply per request: a whole window of them must fit the receive buffer.
        using NetlinkConnection connection = NetlinkConnection.OpenRoute();
        using var route = new RouteNetlinkClient(connection);
        await route.AddAddressAsync(1, IPAddress.Parse("198.18.0.1"), 32);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new NetlinkWriter(buffer);
        const int count = 5000;
        for (int i = 0; i < count; i++)
        {
            RouteEncoder.AddressRequest(writer, RouteNetlink.RTM_NEWADDR, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 1, IPAddress.Parse("198.18.0.1"), 32, 0);
        }

        NetlinkBatchResult result = await connection.ExecuteBatchAsync(buffer.WrittenMemory);
        Assert.Equal(count, result.FailureCount);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(Errnos.EEXIST, result.GetErrno(i)));
    });
}
