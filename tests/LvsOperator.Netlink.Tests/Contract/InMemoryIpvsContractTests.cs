using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Testing;

namespace LvsOperator.Netlink.Tests.Contract;

/// <summary>The contract against the in-memory fake.</summary>
public sealed class InMemoryIpvsContractTests : IpvsContract
{
    protected override async Task RunAsync(Func<IIpvsClient, Task> test)
    {
        using var ipvs = new InMemoryIpvs();
        await test(ipvs);
    }
}
