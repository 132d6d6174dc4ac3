using LvsOperator.Testing;

namespace LvsOperator.Cli.Tests;

/// <summary>Issue 13: what a careless or hostile manifest does to lvsctl validate is an error with file, line and field.</summary>
public sealed class HostileManifestTests
{
    private const string Service = SampleManifests.SelectorVirtualService;

    [Theory]
    [InlineData("weight: 4294967296", "spec.weight", "weight must be between 0 and 65535")]
    [InlineData("weight: -4294967296", "spec.weight", "weight must be between 0 and 65535")]
    [InlineData("healthCheck: {interval: 0s}", "spec.healthCheck.interval", "healthCheck.interval must be above 0s")]
    public void A_real_server_past_int32_or_with_a_zero_interval_is_an_error_and_the_rest_of_the_folder_is_still_checked(
        string line, string field, string message)
    {
        var dir = Folder(("a.yaml", $"apiVersion: lvsoperator.io/v1alpha1\nkind: RealServer\nmetadata: {{name: rs}}\nspec:\n  address: 198.18.0.10\n  {line}\n"),
            ("b.yaml", Service.Replace("192.0.2.10", "127.0.0.1", StringComparison.Ordinal)));

        var run = Run.Lvsctl("validate", "-f", dir);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("Exception", run.Stderr + run.Stdout);
        Assert.Contains(run.Stderr.Split('\n'), l => l.Contains("a.yaml:1 (document 1)") && l.EndsWith($"{field}: {message}", StringComparison.Ordinal));
        Assert.Contains(run.Stderr.Split('\n'), l => l.Contains("b.yaml:1 (document 1)") && l.EndsWith("spec.addresses[0]: a VIP must be a global unicast address: not unspecified, loopback, multicast, link-local or broadcast", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("127.0.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("169.254.0.1")]
    [InlineData("'::'")]
    [InlineData("'::1'")]
    [InlineData("'ff02::1'")]
    [InlineData("'fe80::1'")]
    public void A_reserved_vip_is_refused(string vip)
    {
        var run = Run.Lvsctl("validate", "-f", Folder(("vs.yaml", Service.Replace("192.0.2.10", vip, StringComparison.Ordinal))));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("spec.addresses[0]: a VIP must be a global unicast address", run.Stderr);
    }

    [Fact]
    public void One_ipv6_vip_in_two_spellings_is_refused_and_a_firewall_mark_with_addresses_is_one_error()
    {
        var twice = Service.Replace("[192.0.2.10]", "['2001:db8::10', '2001:DB8:0:0::10']", StringComparison.Ordinal);
        var mark = Service.Replace("port: 80", "firewallMark: 7", StringComparison.Ordinal).Replace("name: web", "name: mark", StringComparison.Ordinal);

        var run = Run.Lvsctl("validate", "-f", Folder(("twice.yaml", twice), ("mark.yaml", mark)));

        var errors = run.Stderr.Split('\n').Where(l => l.Contains("(document 1)")).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, l => l.Contains("twice.yaml") && l.EndsWith("spec.addresses[1]: the same address is listed more than once", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("mark.yaml") && l.Contains("spec.firewallMark: addresses/port and firewallMark are exclusive"));
    }

    private static string Folder(params (string Name, string Text)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("lvsctl-hostile-");
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir.FullName, name), text);
        return dir.FullName;
    }
}
