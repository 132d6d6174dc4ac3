using System.Net;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// The kernel (6.1, 6.12) keeps one IPVS service table for all namespaces and resumes a dump by
/// position in it, without NLM_F_DUMP_INTR: churn in another namespace shifts a dump in ours. Found
/// here when a 1000-service dump came back with 1003 entries while other tests ran. The client must
/// never return such a dump as the table.
/// </summary>
public sealed class KernelDumpConsistencyTests : KernelFixture
{
    [Fact]
    public Task Service_dumps_stay_whole_while_another_namespace_churns() => InNamespaceAsync(async () =>
    {
        using IpvsClient ipvs = await IpvsClient.OpenAsync();
        var keys = new HashSet<IpvsServiceKey>();
        var operations = new List<IpvsOperation>();
        for (int s = 0; s < 600; s++)
        {
            IpvsServiceKey key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse($"10.1.{s / 250}.{s % 250 + 1}"), 80);
            keys.Add(key);
            operations.Add(IpvsOperation.AddService(new IpvsService(key)));
        }

        (await ipvs.ExecuteAsync(operations)).ThrowIfAnyFailed();

        using var other = new NetworkNamespaceThread();
        using var stop = new CancellationTokenSource();
        Task churn = other.RunAsync(async () =>
        {
            using IpvsClient noisy = await IpvsClient.OpenAsync();
            List<IpvsOperation> add = [.. Enumerable.Range(0, 40).Select(i => IpvsOperation.AddService(new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse($"10.9.0.{i + 1}"), 53))))];
            List<IpvsOperation> remove = [.. add.Select(o => IpvsOperation.DeleteService(o.ServiceKey))];
            while (!stop.IsCancellationRequested)
            {
                await noisy.ExecuteAsync(add);
                await noisy.ExecuteAsync(remove);
            }
        });

        int whole = 0, refused = 0;
        for (int i = 0; i < 25; i++)
        {
            try
            {
                IReadOnlyList<IpvsService> services = await ipvs.GetServicesAsync();
                Assert.True(keys.SetEquals(services.Select(s => s.Key)), $"dump {i}: {services.Count} services, {services.Select(s => s.Key).Distinct().Count()} distinct");
                whole++;
            }
            catch (NetlinkDumpInterruptedException)
            {
                refused++;
            }
        }

        await stop.CancelAsync();
        await churn;
        Assert.True(whole > 0, $"every dump was refused ({refused})");
    });
}
