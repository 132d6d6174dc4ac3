using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Fou;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// GUE receive ports on the lab kernel, with <c>ip fou show</c> as the independent witness: the client opens, lists
/// and closes them (loading fou, which has no generic netlink alias, itself), and the node reconciler opens the ports a
/// GUE real server needs, closes its own and leaves one an admin opened.
/// </summary>
public sealed class KernelFouTests : KernelFixture
{
    // include/uapi/asm-generic/errno.h. A second add of an open port fails in udp_sock_create's bind, before
    // fou_add_to_port_list could answer EALREADY (measured on 6.1).
    private const int EADDRINUSE = 98;

    private List<string> FouShow() =>
        Witness("ip", "fou", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public Task The_client_loads_fou_then_adds_lists_and_deletes_gue_ports() => InNamespaceAsync(async () =>
    {
        // As on a node where nobody loaded fou (fou6 depends on it).
        if (Directory.Exists("/sys/module/fou6")) Modprobe("-r", "fou6");
        if (Directory.Exists("/sys/module/fou")) Modprobe("-r", "fou");
        Assert.False(Directory.Exists("/sys/module/fou"));

        using var fou = await FouClient.OpenAsync();
        Assert.True(Directory.Exists("/sys/module/fou"));
        Assert.Empty(await fou.GetPortsAsync());

        await fou.AddGuePortAsync(6080, AddressFamily.InterNetwork);
        await fou.AddGuePortAsync(6080, AddressFamily.InterNetworkV6);
        Assert.Equal(["port 6080 gue", "port 6080 gue -6"], FouShow());
        Assert.Equal(
            [new FouPort(6080, AddressFamily.InterNetwork, FouEncapsulation.Gue, 0, false), new FouPort(6080, AddressFamily.InterNetworkV6, FouEncapsulation.Gue, 0, false)],
            (await fou.GetPortsAsync()).OrderBy(p => p.Family));

        var again = await Assert.ThrowsAsync<NetlinkException>(() => fou.AddGuePortAsync(6080, AddressFamily.InterNetwork));
        Assert.Equal((EADDRINUSE, "FOU_CMD_ADD"), (again.Errno, again.Operation));

        await fou.DeletePortAsync(6080, AddressFamily.InterNetwork);
        Assert.Equal(["port 6080 gue -6"], FouShow());
        var gone = await Assert.ThrowsAsync<NetlinkException>(() => fou.DeletePortAsync(6080, AddressFamily.InterNetwork));
        Assert.Equal(Errnos.EINVAL, gone.Errno);
    });

    [Fact]
    public Task The_reconciler_opens_what_a_gue_real_server_needs_and_closes_only_its_own() => InNamespaceAsync(async () =>
    {
        Witness("ip", "fou", "add", "port", "5555", "gue");            // an admin's GUE port the agent also wants
        Witness("ip", "fou", "add", "port", "7777", "ipproto", "4");   // an admin's direct IP-in-IP port
        var state = Directory.CreateTempSubdirectory("lvs-ledger-");
        using var kernel = await NetlinkNodeKernel.OpenAsync(default);
        var reconciler = new NodeReconciler(kernel, new LedgerStore(state.FullName), DrainPolicy.Default, TimeProvider.System);
        FouPortKey Port(ushort port) => new(port, AddressFamily.InterNetwork);
        var desired = NodeDesiredState.Empty with { GuePorts = [Port(5555), Port(6080), Port(7777)] };

        var first = await reconciler.ReconcileAsync(desired, default);

        Assert.Empty(first.Failures);
        Assert.Equal([new AddGuePort(Port(6080))], first.Plan.Operations);
        Assert.Equal("fou port 7777", Assert.Single(first.Plan.Conflicts).Subject);
        Assert.Equal(["port 5555 gue", "port 6080 gue", "port 7777 ipproto 4"], FouShow());
        Assert.Equal([Port(6080)], reconciler.Owned.GuePorts);
        Assert.Empty((await reconciler.ReconcileAsync(desired, default)).Plan.Operations);

        // A restarted agent adopts its port without opening it again.
        using var restartedKernel = await NetlinkNodeKernel.OpenAsync(default);
        var restarted = new NodeReconciler(restartedKernel, new LedgerStore(state.FullName), DrainPolicy.Default, TimeProvider.System);
        Assert.Empty((await restarted.ReconcileAsync(desired, default)).Plan.Operations);

        var last = await restarted.ReconcileAsync(NodeDesiredState.Empty, default);
        Assert.Empty(last.Failures);
        Assert.Equal([new DeleteGuePort(Port(6080))], last.Plan.Operations);
        Assert.Equal(["port 5555 gue", "port 7777 ipproto 4"], FouShow());
        Assert.Empty(restarted.Owned.GuePorts);
    });
}
