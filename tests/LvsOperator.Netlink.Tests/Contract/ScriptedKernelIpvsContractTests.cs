using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Contract;

/// <summary>
/// The contract against <see cref="IpvsClient"/> over a scripted kernel: every call goes through the
/// real encoder, connection (sequence numbers, acks, dumps, batches) and decoder.
/// </summary>
public sealed class ScriptedKernelIpvsContractTests : IpvsContract
{
    protected override async Task RunAsync(Func<IIpvsClient, Task> test)
    {
        var kernel = new FakeIpvsKernel();
        var connection = new NetlinkConnection(new ScriptedTransport(kernel.Handle), new NetlinkConnectionOptions { MaxBatchMessages = 64 });
        GenericNetlinkFamily family = await GenericNetlinkFamily.ResolveAsync(connection, "IPVS");
        Assert.Equal(FakeIpvsKernel.FamilyId, family.Id);
        using var client = new IpvsClient(connection, family);
        await test(client);
    }
}
