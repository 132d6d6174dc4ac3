using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Tests.Contract;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Kernel.Tests;

/// <summary>The shared IPVS contract against the real kernel, one fresh network namespace per test.</summary>
public sealed class KernelIpvsContractTests : IpvsContract, IDisposable
{
    private readonly NetworkNamespaceThread _namespace = new();

    protected override Task RunAsync(Func<IIpvsClient, Task> test) => _namespace.RunAsync(async () =>
    {
        using (var route = Netlink.Route.RouteNetlinkClient.Open())
        {
            await route.SetLinkUpAsync((await route.GetLinkAsync("lo")).Index, up: true);
        }

        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        await test(ipvs);
    });

    public void Dispose() => _namespace.Dispose();
}
