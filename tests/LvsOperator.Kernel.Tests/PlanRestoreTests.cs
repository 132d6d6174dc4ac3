using System.Collections.Immutable;
using LvsOperator.Cli;
using LvsOperator.Core.Kernel;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Node.Ipvs;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// <c>lvsctl plan --rules-only</c> prints rules in <c>ipvsadm -S -n</c> syntax: the kernel, through
/// <c>ipvsadm -R</c>, must take them unchanged, and the netlink adapter must read back the same table.
/// </summary>
public sealed class PlanRestoreTests : KernelFixture
{
    [Fact]
    public Task Ipvsadm_restores_the_plan_of_the_examples_and_netlink_reads_back_the_same_rules() => InNamespaceAsync(async () =>
    {
        var plan = Plan("examples");
        Assert.DoesNotContain("#", plan);
        var file = Path.Combine(Path.GetTempPath(), $"lvsctl-plan-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, plan);
        try
        {
            Witness("sh", "-c", $"ipvsadm -R < {file}");
        }
        finally
        {
            File.Delete(file);
        }

        using var ipvs = await IpvsClient.OpenAsync();
        var table = new List<DesiredService>();
        foreach (var service in await ipvs.GetServicesAsync())
        {
            var observed = IpvsMapping.FromNetlink(service, await ipvs.GetDestinationsAsync(service.Key))!;
            table.Add(new DesiredService(observed.Service, observed.Destinations.Values.Select(d => d.Destination).ToImmutableSortedDictionary(d => d.Key, d => d)));
        }

        var rules = plan.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(rules);
        Assert.Equal(rules, IpvsadmRules.Format(table));
    });

    private static string Plan(string folder)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = LvsCtl.Run(["plan", "--rules-only", "-f", Repo.Path(folder)], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        return stdout.ToString();
    }

}
