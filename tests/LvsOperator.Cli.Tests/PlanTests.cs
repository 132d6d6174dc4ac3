namespace LvsOperator.Cli.Tests;

public sealed class PlanTests
{
    private static readonly string Golden = Repo.Path("tests", "LvsOperator.Cli.Tests", "Golden", "plan-examples.txt");

    [Fact]
    public void Plans_the_examples_exactly_as_recorded()
    {
        // To accept an intended change: LVS_UPDATE_GOLDEN=1 dotnet test tests/LvsOperator.Cli.Tests
        var run = Run.Lvsctl("plan", "-f", Repo.Path("examples"));
        Assert.Equal(0, run.ExitCode);
        if (Environment.GetEnvironmentVariable("LVS_UPDATE_GOLDEN") == "1") File.WriteAllText(Golden, run.Stdout);
        Assert.Equal(File.ReadAllText(Golden), run.Stdout);
    }

    [Fact]
    public void The_same_manifests_in_any_file_order_give_the_same_plan()
    {
        var files = Directory.GetFiles(Repo.Path("examples"), "*.yaml").Order().ToArray();
        var forward = Run.Lvsctl(["plan", .. files.SelectMany(f => new[] { "-f", f })]);
        var backward = Run.Lvsctl(["plan", .. files.Reverse().SelectMany(f => new[] { "-f", f })]);
        Assert.Equal(forward.Stdout, backward.Stdout);
    }

    [Fact]
    public void A_named_node_gets_only_what_its_labels_select()
    {
        var file = Repo.Path("tests", "manifests", "plan", "selected-directors.yaml");

        var director = Run.Lvsctl("plan", "-f", file, "--node", "edge-a", "--node-label", "zone=a");
        Assert.Contains("-A -t 192.0.2.10:80 -s rr", director.Stdout);
        Assert.DoesNotContain("192.0.2.11", director.Stdout);

        var other = Run.Lvsctl("plan", "-f", file, "--node", "edge-b", "--node-label", "zone=b");
        Assert.Contains("-A -t 192.0.2.11:80 -s rr", other.Stdout);
        Assert.DoesNotContain("192.0.2.10:80", other.Stdout);

        var realServer = Run.Lvsctl("plan", "-f", file, "--node", "web-1");
        Assert.DoesNotContain("-A ", realServer.Stdout);
        Assert.Contains("# web-1: address add 192.0.2.10/32 dev lo", realServer.Stdout);
        Assert.Contains("# web-1: sysctl net.ipv4.conf.all.arp_ignore=1", realServer.Stdout);
    }

    [Fact]
    public void Invalid_manifests_are_not_planned()
    {
        var run = Run.Lvsctl("plan", "-f", Repo.Path("tests", "manifests", "invalid", "vs-port-missing.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("not planning", run.Stderr);
    }

    [Fact]
    public void A_malformed_node_label_is_a_usage_error()
    {
        var run = Run.Lvsctl("plan", "-f", Repo.Path("examples"), "--node", "n", "--node-label", "zone");
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void Rules_only_is_the_plan_without_its_comment_lines()
    {
        var full = Run.Lvsctl("plan", "-f", Repo.Path("examples"));
        var rules = Run.Lvsctl("plan", "--rules-only", "-f", Repo.Path("examples"));
        Assert.Equal(
            full.Stdout.Split('\n').Where(l => !l.StartsWith('#')),
            rules.Stdout.Split('\n'));
    }
}
