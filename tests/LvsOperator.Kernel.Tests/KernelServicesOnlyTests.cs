using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// A cycle woken by a change of services alone reads those services one by one (issue 14): IPVS_CMD_GET_SERVICE
/// answers ESRCH for one the kernel does not hold, which is absent, not a failed read. <c>ipvsadm</c> is the witness.
/// </summary>
public sealed class KernelServicesOnlyTests : KernelFixture
{
    private static readonly VirtualAddressKey Web = new(Protocol.Tcp, IPAddress.Parse("192.0.2.95"), 80);
    private static readonly VirtualAddressKey Missing = new(Protocol.Tcp, IPAddress.Parse("192.0.2.96"), 80);

    private static NodeDesiredState Desired(int weight) => NodeDesiredState.Empty with
    {
        Services = ImmutableSortedDictionary<ServiceKey, DesiredService>.Empty.Add(Web, new DesiredService(
            new IpvsService(Web, "wrr"),
            ImmutableSortedDictionary<DestinationKey, IpvsDestination>.Empty.Add(
                new DestinationKey(IPAddress.Parse("198.51.100.5"), 8080),
                new IpvsDestination(new DestinationKey(IPAddress.Parse("198.51.100.5"), 8080), ForwardingMethod.Masquerade, weight)))),
    };

    [Fact]
    public Task A_weight_change_reads_only_its_service_and_a_missing_one_reads_absent() => InNamespaceAsync(async () =>
    {
        var state = Directory.CreateTempSubdirectory("lvs-ledger-");
        using var kernel = await NetlinkNodeKernel.OpenAsync(default);
        var reconciler = new NodeReconciler(kernel, new LedgerStore(state.FullName), DrainPolicy.Default, TimeProvider.System);
        Assert.Empty((await reconciler.ReconcileAsync(Desired(1), default)).Failures);

        var read = await kernel.ReadServicesAsync([Web, Missing], default);
        Assert.Equal([Web], read.Keys);
        Assert.Equal(1, Assert.Single(read[Web].Destinations).Value.Destination.Weight);

        var change = await reconciler.ReconcileAsync(Desired(5), default, ReadScope.ChangedServices);
        Assert.True(change.ServicesOnly);
        Assert.IsType<UpdateDestination>(Assert.Single(change.Outcomes).Operation);
        Assert.Empty(change.Failures);
        Assert.Matches(@"198\.51\.100\.5:8080\s+Masq\s+5\s", Witness("ipvsadm", "-Ln", "-t", "192.0.2.95:80"));
        state.Delete(recursive: true);
    });
}
