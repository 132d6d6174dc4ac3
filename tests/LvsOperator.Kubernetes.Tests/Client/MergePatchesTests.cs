using System.Text.Json.Nodes;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class MergePatchesTests
{
    /// <summary>RFC 7386 §2's MergePatch, as the API server applies it.</summary>
    private static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject fields) return patch?.DeepClone();
        var result = target is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value is null) result.Remove(name);
            else result[name] = Apply(result[name], value);
        }

        return result;
    }

    private static void AssertReplaces(string previous, string next)
    {
        var patch = MergePatches.Replacing(JsonNode.Parse(previous), JsonNode.Parse(next));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(next), Apply(JsonNode.Parse(previous), patch)), patch?.ToJsonString());
    }

    [Fact]
    public void A_field_the_new_status_dropped_is_set_to_null()
    {
        var patch = MergePatches.Replacing(
            JsonNode.Parse("""{"ready":"2/3","unhealthyRealServers":[{"address":"198.18.0.103"}]}"""),
            JsonNode.Parse("""{"ready":"3/3"}"""));

        Assert.Equal("""{"ready":"3/3","unhealthyRealServers":null}""", patch!.ToJsonString());
    }

    [Fact]
    public void A_nested_field_dropped_is_set_to_null_at_its_depth()
    {
        var patch = MergePatches.Replacing(
            JsonNode.Parse("""{"acceptedSpec":{"address":"198.18.0.103","healthCheck":{"port":9000}}}"""),
            JsonNode.Parse("""{"acceptedSpec":{"address":"198.18.0.103"}}"""));

        Assert.Equal("""{"acceptedSpec":{"address":"198.18.0.103","healthCheck":null}}""", patch!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"c":[1,2],"d":{"e":"x"}}}""", """{"a":2,"b":{"c":[3]}}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":[1]}""")]
    [InlineData("""{"a":[1]}""", """{"a":{"b":1}}""")]
    [InlineData("""{"a":{"b":{"c":1}}}""", """{"a":{"b":{}}}""")]
    [InlineData("""{"a":1}""", """{}""")]
    public void Applied_to_what_was_read_the_patch_gives_exactly_the_new_value(string previous, string next) => AssertReplaces(previous, next);

    [Fact]
    public void With_nothing_read_before_the_patch_is_the_new_value()
    {
        var patch = MergePatches.Replacing(null, JsonNode.Parse("""{"ready":"3/3"}"""));

        Assert.Equal("""{"ready":"3/3"}""", patch!.ToJsonString());
    }
}
