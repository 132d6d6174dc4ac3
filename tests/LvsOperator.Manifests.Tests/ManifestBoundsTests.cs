using LvsOperator.Testing;

namespace LvsOperator.Manifests.Tests;

/// <summary>Issue 13: memory and time stay bounded: bombs are refused by measure, never expanded or recursed into.</summary>
public sealed class ManifestBoundsTests
{
    private const string Service = SampleManifests.SelectorVirtualService;

    [Fact]
    public void A_billion_laughs_is_refused_at_its_line_without_expanding_it()
    {
        var levels = string.Concat(Enumerable.Range(1, 9).Select(i => $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n"));
        var set = ManifestLoader.LoadText("bomb.yaml", "l0: &l0 [lol]\n" + levels);

        var error = Assert.Single(set.Errors);
        Assert.Equal("invalid YAML: more than 20000 nodes once aliases are expanded", error.Message);
        Assert.True(error.Source.Line >= 1);
    }

    [Theory]
    [InlineData("a: &a [*a]", "an alias refers to a node that holds it")]
    [InlineData("a: &a {b: *a}", "an alias refers to a node that holds it")]
    public void An_alias_inside_its_own_anchor_is_refused(string yaml, string message)
    {
        var error = Assert.Single(ManifestLoader.LoadText("cycle.yaml", yaml).Errors);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_chain_of_aliases_deeper_than_64_levels_is_refused()
    {
        var chain = string.Concat(Enumerable.Range(1, 100).Select(i => $"c{i}: &c{i} [*c{i - 1}]\n"));
        var error = Assert.Single(ManifestLoader.LoadText("chain.yaml", "c0: &c0 [x]\n" + chain).Errors);
        Assert.Contains("nested deeper than 64 levels once aliases are expanded", error.Message);
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void A_million_open_brackets_is_refused_before_the_parser_recurses(char open)
    {
        var error = Assert.Single(ManifestLoader.LoadText("deep.yaml", new string(open, 400_000)).Errors);
        Assert.Equal("invalid YAML: nested deeper than 64 levels", error.Message);
        Assert.Equal(1, error.Source.Line);
    }

    [Fact]
    public void A_file_over_512_KiB_is_refused_unread_and_the_other_files_still_load()
    {
        var dir = Directory.CreateTempSubdirectory("lvs-bounds-");
        File.WriteAllText(Path.Combine(dir.FullName, "a-big.yaml"), Service + "\n#" + new string('x', 1_000_000));
        File.WriteAllText(Path.Combine(dir.FullName, "b.yaml"), Service);

        var set = ManifestLoader.Load([dir.FullName]);

        Assert.Contains("a manifest file may hold at most 524288", Assert.Single(set.Errors).ToString());
        Assert.Single(set.VirtualServices);
    }

    [Fact]
    public void Aliases_within_the_budget_are_read_as_kubectl_reads_them()
    {
        var set = ManifestLoader.LoadText("alias.yaml", Service.Replace("[192.0.2.10]", "&vips [192.0.2.10]", StringComparison.Ordinal)
            + "\n---\n" + Service.Replace("web", "web2", StringComparison.Ordinal).Replace("[192.0.2.10]", "[192.0.2.11]", StringComparison.Ordinal));

        Assert.Empty(set.Errors);
        Assert.Equal(2, set.VirtualServices.Count);
    }

    [Fact]
    public void An_empty_key_is_an_unknown_field_that_still_names_where_it_is()
    {
        var set = ManifestLoader.LoadText("empty-key.yaml", Service + "\n\"\": 1\n");
        Assert.Equal("[\"\"]: unknown field", $"{Assert.Single(set.Errors).Field}: {set.Errors[0].Message}");
    }

    [Fact]
    public void A_number_past_doubles_range_is_a_string_as_go_yaml_reads_it_not_an_infinity()
    {
        var set = ManifestLoader.LoadText("inf.yaml", Service.Replace("port: 80", "port: 1e309", StringComparison.Ordinal));
        Assert.Equal("spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\"", $"{Assert.Single(set.Errors).Field}: {set.Errors[0].Message}");
    }

    [Theory]
    [InlineData("!<%> x")]
    [InlineData("spec:\n  port: 80\n  realServers:\n   : static:\n      - address: 198.18.0.10\n")]
    public void Malformed_yaml_that_yamldotnet_throws_no_yaml_exception_for_is_an_error_of_the_file(string yaml)
    {
        var error = Assert.Single(ManifestLoader.LoadText("odd.yaml", yaml).Errors);
        Assert.StartsWith("invalid YAML", error.Message);
    }

    [Fact]
    public void A_file_whose_third_document_is_not_yaml_is_that_one_error_though_documents_are_read_one_by_one()
    {
        var set = ManifestLoader.LoadText("broken.yaml", $"{Service}\n---\nkind: Other\n---\na: [\n");

        var error = Assert.Single(set.Errors);
        Assert.StartsWith("invalid YAML", error.Message);
        Assert.Equal(3, error.Source.Document);
        Assert.Empty(set.VirtualServices);
        Assert.Equal(0, set.IgnoredDocuments);
    }
}
