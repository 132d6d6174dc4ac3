using System.Diagnostics;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// Each test gets a fresh network namespace on a dedicated thread (see
/// <see cref="NetworkNamespaceThread"/>): IPVS tables, links, addresses and <c>/proc/sys/net</c> are
/// all per namespace, so tests cannot see each other or the VM's own state, and nothing needs
/// cleaning up: the namespace disappears with its thread and sockets.
/// </summary>
public abstract class KernelFixture : IDisposable
{
    protected KernelFixture() => Namespace = new NetworkNamespaceThread();

    protected NetworkNamespaceThread Namespace { get; }

    /// <summary>Runs <paramref name="test"/> in the namespace with <c>lo</c> up (without it IPVS has no local table and rejects destinations with EINVAL).</summary>
    protected Task InNamespaceAsync(Func<Task> test) => Namespace.RunAsync(async () =>
    {
        using (RouteNetlinkClient route = RouteNetlinkClient.Open())
        {
            NetworkLink lo = await route.GetLinkAsync("lo");
            await route.SetLinkUpAsync(lo.Index, up: true);
        }

        await test();
    });

    /// <summary>An independent tool's view of the namespace.</summary>
    protected string Witness(string file, params string[] arguments) => LvsOperator.Netlink.Tests.Support.Witness.Run(Namespace.NamespacePath, file, arguments);

    /// <summary>Loads a module (tests may start processes; the product never does).</summary>
    protected static void Modprobe(params string[] arguments)
    {
        using Process process = Process.Start("modprobe", arguments) ?? throw new InvalidOperationException("modprobe did not start");
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    public void Dispose()
    {
        Namespace.Dispose();
        GC.SuppressFinalize(this);
    }
}
