namespace LvsOperator.Cli.Tests;

public sealed class ValidateTests
{
    [Theory]
    [MemberData(nameof(CorpusCase.Valid), MemberType = typeof(CorpusCase))]
    public void Accepts_every_example_and_valid_manifest(string file)
    {
        var run = Run.Lvsctl("validate", "-f", Repo.Path(file));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("valid:", run.Stdout);
    }

    [Theory]
    [MemberData(nameof(CorpusCase.Invalid), MemberType = typeof(CorpusCase))]
    internal void Rejects_every_invalid_manifest_with_the_api_servers_own_words(CorpusCase invalid)
    {
        var run = Run.Lvsctl("validate", "-f", Repo.Path(invalid.File));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(invalid.File, run.Stderr);
        if (invalid.Message is null)
        {
            Assert.NotNull(invalid.SchemaReason);
            return;
        }

        // lvsctl may name a field below the one the CEL rule is attached to (static[1].address under static).
        var line = Assert.Single(run.Stderr.Split('\n'), l => l.EndsWith($": {invalid.Message}", StringComparison.Ordinal));
        Assert.Contains($" {invalid.Field ?? "spec"}", line);
    }

    // What kube-apiserver v1.36.2 answers to `kubectl apply --dry-run=server` for each file, field and message:
    // a map's maxProperties reads as a list's maxItems, and maxLength is worded in bytes though it counts characters.
    [Theory]
    [InlineData("schema-vs-addresses-too-many.yaml", "spec.addresses", "Too many: 17: must have at most 16 items")]
    [InlineData("schema-vs-static-too-many.yaml", "spec.realServers.static", "Too many: 65: must have at most 64 items")]
    [InlineData("schema-vs-health-statuses-too-many.yaml", "spec.healthCheck.http.expectedStatuses", "Too many: 17: must have at most 16 items")]
    [InlineData("schema-vs-match-labels-too-many.yaml", "spec.realServers.selector.matchLabels", "Too many: 17: must have at most 16 items")]
    [InlineData("schema-vs-node-selector-too-many.yaml", "spec.directors.nodeSelector", "Too many: 17: must have at most 16 items")]
    [InlineData("schema-vs-address-too-long.yaml", "spec.addresses[0]", "Too long: may not be more than 45 bytes")]
    [InlineData("schema-vs-engine-too-long.yaml", "spec.persistence.engine", "Too long: may not be more than 15 bytes")]
    public void Refuses_what_exceeds_a_bound_in_the_api_servers_words(string file, string field, string message)
    {
        var run = Run.Lvsctl("validate", "-f", Repo.Path("tests", "manifests", "invalid", file));

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n'), l => l.EndsWith($" {field}: {message}", StringComparison.Ordinal));
    }

    [Fact]
    public void Counts_characters_not_bytes_against_a_max_length_as_the_api_server_does()
    {
        var dir = Directory.CreateTempSubdirectory("lvsctl-");
        var file = System.IO.Path.Combine(dir.FullName, "engine.yaml");
        File.WriteAllText(file, """
            apiVersion: lvsoperator.io/v1alpha1
            kind: VirtualService
            metadata: {name: web}
            spec:
              addresses: [192.0.2.1]
              port: 80
              persistence: {engine: ééééééééé}
              realServers: {selector: {}}
            """);

        var run = Run.Lvsctl("validate", "-f", file);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Reports_every_error_of_a_folder_at_once_and_each_names_file_document_and_field()
    {
        var dir = Directory.CreateTempSubdirectory("lvsctl-");
        File.WriteAllText(System.IO.Path.Combine(dir.FullName, "a.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: unrelated}
            ---
            apiVersion: lvsoperator.io/v1alpha1
            kind: VirtualService
            metadata: {name: web}
            spec:
              addresses: [192.0.2.1]
              protocol: HTTP
              realServers: {static: [{address: 198.18.0.1, weigth: 2}]}
            """);
        File.WriteAllText(System.IO.Path.Combine(dir.FullName, "b.yml"), """
            apiVersion: lvsoperator.io/v1alpha1
            kind: RealServer
            metadata: {name: rs}
            spec: {address: 198.18.0.300, lowerThreshold: 5}
            """);

        var run = Run.Lvsctl("validate", "-f", dir.FullName);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("a.yaml:5 (document 2)") && l.Contains("spec.protocol: Unsupported value: \"HTTP\": supported values: \"TCP\", \"UDP\", \"SCTP\""));
        Assert.Contains(lines, l => l.Contains("a.yaml:5 (document 2)") && l.Contains("spec.realServers.static[0].weigth: unknown field"));
        Assert.Contains(lines, l => l.Contains("b.yml:1 (document 1)") && l.Contains("spec.address: must be an IPv4 or IPv6 address"));
        Assert.Contains(lines, l => l.Contains("b.yml:1 (document 1)") && l.Contains("spec.lowerThreshold: lowerThreshold must not exceed upperThreshold"));
        Assert.Contains("1 other document(s) ignored", run.Stderr);
    }

    [Fact]
    public void Reports_a_reversed_range_and_pools_sharing_addresses_which_no_CEL_rule_can_see()
    {
        var dir = Directory.CreateTempSubdirectory("lvsctl-");
        File.WriteAllText(System.IO.Path.Combine(dir.FullName, "pools.yaml"), """
            apiVersion: lvsoperator.io/v1alpha1
            kind: AddressPool
            metadata: {name: a}
            spec: {addresses: [192.0.2.0/24]}
            ---
            apiVersion: lvsoperator.io/v1alpha1
            kind: AddressPool
            metadata: {name: b}
            spec: {addresses: [198.18.0.0/24, 192.0.2.200-192.0.2.100, 192.0.2.128/25]}
            """);

        var run = Run.Lvsctl("validate", "-f", dir.FullName);

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith("(document 2): AddressPool b: spec.addresses[1]: " + Core.Validation.Messages.AddressPoolRangeReversed, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("(document 2): AddressPool b: spec.addresses: " + Core.Validation.Messages.AddressPoolOverlap, StringComparison.Ordinal));
        Assert.Contains("2 AddressPool(s)", run.Stderr);
    }

    [Theory]
    [InlineData("VirtualServce")]
    [InlineData("Realserver")]
    public void A_kind_our_group_does_not_have_is_an_error_not_an_ignored_document(string kind)
    {
        var dir = Directory.CreateTempSubdirectory("lvsctl-");
        var file = System.IO.Path.Combine(dir.FullName, "typo.yaml");
        File.WriteAllText(file, $$"""
            apiVersion: lvsoperator.io/v1alpha1
            kind: {{kind}}
            metadata: {name: web}
            spec: {addresses: [192.0.2.1], port: 80}
            """);

        var run = Run.Lvsctl("validate", "-f", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"typo.yaml:1 (document 1): kind: no matches for kind \"{kind}\" in version \"lvsoperator.io/v1alpha1\"", run.Stderr);
        Assert.DoesNotContain("ignored", run.Stderr);
    }

    [Fact]
    public void A_node_slice_is_passed_over_as_the_controllers_own()
    {
        var dir = Directory.CreateTempSubdirectory("lvsctl-");
        var file = System.IO.Path.Combine(dir.FullName, "slice.yaml");
        File.WriteAllText(file, """
            apiVersion: lvsoperator.io/v1alpha1
            kind: NodeSlice
            metadata: {name: node-a-web}
            spec: {nodeName: node-a}
            """);

        var run = Run.Lvsctl("validate", "-f", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 other document(s) ignored", run.Stdout);
    }

    [Fact]
    public void Cross_resource_problems_are_reported_on_the_resource_that_causes_them()
    {
        var run = Run.Lvsctl("validate", "-f", Repo.Path("tests", "manifests", "cross-resource"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("VirtualService default/web-copy: spec.addresses[0]: another VirtualService already claims", run.Stderr);
        Assert.Contains("RealServer default/mapped: spec.port: only NAT can map ports", run.Stderr);
        Assert.Contains("RealServer default/v6: spec.address: real server address family differs", run.Stderr);
        Assert.Contains("defined twice", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "validate" }, "Option '--file' is required")]
    [InlineData(new[] { "validate", "-f", "/nonexistent/lvs" }, "no such file or directory")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public void Usage_and_io_errors_exit_2(string[] args, string message)
    {
        var run = Run.Lvsctl(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }
}
