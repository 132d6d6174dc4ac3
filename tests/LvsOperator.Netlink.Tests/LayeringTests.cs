using LvsOperator.Netlink.Connection;

namespace LvsOperator.Netlink.Tests;

public class LayeringTests
{
    [Fact]
    public void The_netlink_assembly_references_only_the_runtime_and_tmds_libc()
    {
        string[] references = [.. typeof(NetlinkConnection).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Contains("Tmds.LibC", references);
        Assert.All(references, name => Assert.True(
            name == "Tmds.LibC" || name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"LvsOperator.Netlink must not reference {name} (STYLE.md: Netlink references only Tmds.LibC)"));
    }
}
