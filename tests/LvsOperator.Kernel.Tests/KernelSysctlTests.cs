using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Sysctl;

namespace LvsOperator.Kernel.Tests;

/// <summary>IPVS sysctls are per namespace and appear once IPVS is loaded.</summary>
public sealed class KernelSysctlTests : KernelFixture
{
    [Fact]
    public Task Ipvs_sysctls_are_read_and_written_in_the_namespace() => InNamespaceAsync(async () =>
    {
        using (IpvsClient ipvs = await IpvsClient.OpenAsync())
        {
            await ipvs.GetInfoAsync();
        }

        var sysctl = new SysctlClient();
        Assert.Equal("0", sysctl.Write("net.ipv4.vs.expire_nodest_conn", "1"));
        Assert.Equal("1", sysctl.Read("net.ipv4.vs.expire_nodest_conn"));
        string reuse = sysctl.Read("net.ipv4.vs.conn_reuse_mode");
        Assert.Equal(reuse, sysctl.Write("net.ipv4.vs.conn_reuse_mode", "0"));
        Assert.Equal("0", Witness("cat", "/proc/sys/net/ipv4/vs/conn_reuse_mode").Trim());
        Assert.Equal("0", sysctl.Write("net.ipv4.conf.all.arp_ignore", "1"));
        Assert.Equal("0", sysctl.Write("net.ipv4.conf.all.arp_announce", "2"));
        Assert.Equal("1", Witness("sysctl", "-n", "net.ipv4.conf.all.arp_ignore").Trim());

        // The VM's own namespace is untouched.
        Assert.Equal("0", await Task.Run(() => new SysctlClient().Read("net.ipv4.conf.all.arp_ignore")));
    });
}
