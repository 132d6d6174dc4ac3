using System.Text.RegularExpressions;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests.Tests;

/// <summary>
/// The CRDs in config/crd and the C# resource model describe one API: every schema field is a model property
/// (camelCase, through nested records, lists and maps) and back, enum values are the
/// <c>[JsonStringEnumMemberName]</c> names, and schema defaults are the model's defaults.
/// The CEL rules themselves are tested offline by tests/schema (node --test).
/// </summary>
public sealed class SchemaModelDriftTests
{
    public static TheoryData<string, Type> Crds() => new()
    {
        { "lvsoperator.io_virtualservices.yaml", typeof(VirtualService) },
        { "lvsoperator.io_realservers.yaml", typeof(RealServer) },
        { "lvsoperator.io_nodeslices.yaml", typeof(NodeSlice) },
        { "lvsoperator.io_addresspools.yaml", typeof(AddressPool) },
    };

    [Theory]
    [MemberData(nameof(Crds))]
    public void Schema_and_model_have_the_same_fields_types_enums_and_defaults(string file, Type model)
    {
        var crd = CrdSchema.Load(file);

        var problems = CrdSchemaDrift.Compare(crd.OpenApiV3Schema, model);

        Assert.True(problems.Count == 0, $"{file} and {model.Name} differ:\n  " + string.Join("\n  ", problems));
    }

    [Theory]
    [MemberData(nameof(Crds))]
    public void Both_spec_and_status_are_compared(string file, Type model)
    {
        var schema = CrdSchema.Load(file).OpenApiV3Schema;

        var names = schema.Properties().Select(p => p.Name).ToList();

        Assert.Equal(["apiVersion", "kind", "metadata", "spec", "status"], names);
        Assert.Equal(["spec"], schema.Scalars("required"));
        Assert.NotNull(model.GetProperty("Spec"));
        Assert.NotNull(model.GetProperty("Status"));
    }

    [Theory]
    [InlineData("lvsoperator.io_virtualservices.yaml", ResourceKinds.VirtualService, "virtualservices", "vs", "Namespaced")]
    [InlineData("lvsoperator.io_realservers.yaml", ResourceKinds.RealServer, "realservers", "rsv", "Namespaced")]
    [InlineData("lvsoperator.io_nodeslices.yaml", ResourceKinds.NodeSlice, "nodeslices", "nslice", "Namespaced")]
    [InlineData("lvsoperator.io_addresspools.yaml", ResourceKinds.AddressPool, "addresspools", "lvspool", "Cluster")]
    public void Names_match_ResourceKinds(string file, string kind, string plural, string shortName, string scope)
    {
        var crd = CrdSchema.Load(file);
        var spec = crd.Crd.Map("spec")!;
        var names = spec.Map("names")!;

        Assert.Equal($"{plural}.{ResourceKinds.Group}", crd.Crd.Map("metadata")!.Scalar("name"));
        Assert.Equal(ResourceKinds.Group, spec.Scalar("group"));
        Assert.Equal(ResourceKinds.Version, crd.Version.Scalar("name"));
        Assert.Equal(kind, names.Scalar("kind"));
        Assert.Equal(plural, names.Scalar("plural"));
        Assert.Equal([shortName], names.Scalars("shortNames"));
        Assert.Equal(scope, spec.Scalar("scope"));
        Assert.NotNull(crd.Version.Map("subresources")?.Map("status"));
    }

    [Fact]
    public void The_scheduler_rule_lists_exactly_the_known_schedulers()
    {
        var name = At(CrdSchema.Load("lvsoperator.io_virtualservices.yaml").OpenApiV3Schema, "spec", "scheduler", "name");
        var rule = Rules(name).Single(r => r.Scalar("message") == Messages.UnknownScheduler).Scalar("rule")!;

        var listed = Regex.Matches(rule, "'([a-z]+)'").Select(m => m.Groups[1].Value);

        Assert.Equal(Schedulers.Known, listed);
        Assert.Equal(Scheduler.DefaultName, name.Scalar("default"));
    }

    [Fact]
    public void Every_rule_message_is_a_Messages_constant()
    {
        var texts = typeof(Messages).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        var messages = Crds().Select(row => (string)row[0])
            .SelectMany(f => AllRules(CrdSchema.Load(f).OpenApiV3Schema))
            .Select(r => r.Scalar("message") ?? "(no message)")
            .ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Contains(m, texts));
    }

    [Fact]
    public void Enum_names_come_from_JsonStringEnumMemberName()
    {
        Assert.Equal(["DR", "NAT", "TUN"], CrdSchemaDrift.EnumNames(typeof(ForwardingMethod)));
        Assert.Equal(["True", "False", "Unknown"], CrdSchemaDrift.EnumNames(typeof(ConditionStatus)));
    }

    private static YamlMappingNode At(YamlMappingNode schema, params string[] path) =>
        path.Aggregate(schema, (node, name) => node.Map("properties")!.Map(name)!);

    private static IEnumerable<YamlMappingNode> Rules(YamlMappingNode node) =>
        node.Seq("x-kubernetes-validations")?.Children.Cast<YamlMappingNode>() ?? [];

    private static IEnumerable<YamlMappingNode> AllRules(YamlMappingNode node)
    {
        var children = node.Properties().Select(p => p.Schema)
            .Concat(new[] { node.Map("items"), node.Map("additionalProperties") }.OfType<YamlMappingNode>());
        return Rules(node).Concat(children.SelectMany(AllRules));
    }
}
