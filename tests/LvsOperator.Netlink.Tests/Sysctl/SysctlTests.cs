using LvsOperator.Netlink.Sysctl;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Sysctl;

public sealed class SysctlTests : IDisposable
{
    private readonly NetworkNamespaceThread _namespace = new();

    public void Dispose() => _namespace.Dispose();

    [Theory]
    [InlineData("net.ipv4.conf.all.arp_ignore", "net/ipv4/conf/all/arp_ignore")]
    [InlineData("net.ipv4.vs.expire_nodest_conn", "net/ipv4/vs/expire_nodest_conn")]
    [InlineData("net.ipv4.conf.eth0/100.rp_filter", "net/ipv4/conf/eth0.100/rp_filter")]
    [InlineData("net.ipv6.conf.lvs-0.disable_ipv6", "net/ipv6/conf/lvs-0/disable_ipv6")]
    public void Names_map_to_paths(string name, string path) => Assert.Equal(path, SysctlName.Parse(name).RelativePath);

    [Theory]
    [InlineData("")]
    [InlineData("net")]
    [InlineData("net..ipv4")]
    [InlineData("net.ipv4.")]
    [InlineData(".net.ipv4")]
    [InlineData("net.ipv4./")]
    [InlineData("net.ipv4.conf.a//..x")]
    [InlineData("../../etc/passwd")]
    [InlineData("net.ipv4.conf.all/../../../etc.passwd")]
    [InlineData("net.ipv4.conf.all arp_ignore")]
    [InlineData("net.ipv4.conf.\0.x")]
    [InlineData("net.ipv4.conf.*.rp_filter")]
    public void Unsafe_names_are_refused(string name) => Assert.ThrowsAny<ArgumentException>(() => SysctlName.Parse(name));

    [Fact]
    public void Slash_components_never_leave_the_root()
    {
        foreach (string name in new[] { "net.ipv4.conf.a/b.rp_filter", "net.x/y/z.w" })
        {
            string path = Path.GetFullPath(Path.Combine("/proc/sys", SysctlName.Parse(name).RelativePath));
            Assert.StartsWith("/proc/sys/net/", path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public Task Writes_happen_in_the_callers_namespace_and_report_the_original() => _namespace.RunAsync(async () =>
    {
        var sysctl = new SysctlClient();
        string host = await Task.Run(() => new SysctlClient().Read("net.ipv4.conf.all.arp_ignore"));

        Assert.Equal("0", sysctl.Read("net.ipv4.conf.all.arp_ignore"));
        Assert.Equal("0", sysctl.Write("net.ipv4.conf.all.arp_ignore", "1"));
        Assert.Equal("1", sysctl.Read("net.ipv4.conf.all.arp_ignore"));
        Assert.Equal("1", sysctl.Write("net.ipv4.conf.all.arp_ignore", "1"));
        Assert.Equal("1", Witness.Run(_namespace.NamespacePath, "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").Trim());

        // A thread in the host's namespace still sees its own value.
        Assert.Equal(host, await Task.Run(() => new SysctlClient().Read("net.ipv4.conf.all.arp_ignore")));
        Assert.Equal("1", sysctl.Write("net.ipv4.conf.all.arp_ignore", "0"));
    });

    [Fact]
    public Task Multi_value_sysctls_round_trip() => _namespace.RunAsync(() =>
    {
        var sysctl = new SysctlClient();
        string original = sysctl.Read("net.ipv4.ip_local_port_range");
        Assert.Matches(@"^\d+\s+\d+$", original);
        Assert.Equal(original, sysctl.Write("net.ipv4.ip_local_port_range", "20000 30000"));
        Assert.Equal("20000\t30000", sysctl.Read("net.ipv4.ip_local_port_range"));
        Assert.Equal("20000\t30000", sysctl.Write("net.ipv4.ip_local_port_range", original));
        return Task.CompletedTask;
    });

    [Fact]
    public void A_missing_sysctl_is_an_io_error() =>
        Assert.ThrowsAny<IOException>(() => new SysctlClient().Read("net.ipv4.conf.nosuch0.rp_filter"));

    [Fact]
    public void Values_are_one_line() =>
        Assert.Throws<ArgumentException>(() => new SysctlClient().Write("net.ipv4.conf.all.arp_ignore", "1\n2"));
}
