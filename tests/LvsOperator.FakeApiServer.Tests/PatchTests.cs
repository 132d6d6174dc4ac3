using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class PatchTests : ServerTest
{
    [Fact]
    public async Task Merge_patch_merges_objects_and_null_deletes()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web", labels: new JsonObject { ["a"] = "1", ["b"] = "2" }));

        var response = await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"metadata":{"labels":{"a":null,"c":"3"}},"spec":{"port":81}}""")!);

        Assert.Equal(HttpStatusCode.OK, response.Code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"b":"2","c":"3"}"""), response.Body["metadata"]!["labels"]));
        Assert.Equal(2, response.Body.Generation());
    }

    [Fact]
    public async Task A_resourceVersion_in_a_merge_patch_is_a_precondition()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"spec":{"port":81}}""")!);

        var stale = await Api.PatchAsync(VirtualServices + "/web",
            new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = created.Meta("resourceVersion") }, ["spec"] = new JsonObject { ["port"] = 82 } });

        Assert.Equal(HttpStatusCode.Conflict, stale.Code);
        Assert.Equal("Conflict", stale.Reason);
    }

    [Fact]
    public async Task Json_patch_applies_operations_in_order_and_a_failing_test_rejects_all()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        const string ContentType = "application/json-patch+json";

        var failed = await Api.PatchAsync(VirtualServices + "/web",
            JsonNode.Parse("""[{"op":"replace","path":"/spec/port","value":90},{"op":"test","path":"/spec/port","value":91}]""")!, ContentType);
        var applied = await Api.PatchAsync(VirtualServices + "/web",
            JsonNode.Parse("""[{"op":"test","path":"/spec/port","value":80},{"op":"add","path":"/spec/scheduler","value":{"name":"rr"}},{"op":"remove","path":"/spec/port"}]""")!, ContentType);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.Code);
        Assert.Equal(HttpStatusCode.OK, applied.Code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"scheduler":{"name":"rr"}}"""), applied.Body["spec"]));
    }

    [Fact]
    public async Task Patching_status_touches_only_status_and_patching_the_resource_never_status()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var statusPatch = await Api.PatchAsync(VirtualServices + "/web/status", JsonNode.Parse("""{"status":{"ready":true},"spec":{"port":1}}""")!);
        var mainPatch = await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"status":{"ready":false}}""")!);

        Assert.Equal(80, statusPatch.Body["spec"]!["port"]!.GetValue<int>());
        Assert.True(statusPatch.Body["status"]!["ready"]!.GetValue<bool>());
        Assert.True(mainPatch.Body["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal(statusPatch.Body.Revision(), mainPatch.Body.Revision());
    }

    [Theory]
    [InlineData("application/strategic-merge-patch+json")]
    [InlineData("application/apply-patch+yaml")]
    [InlineData("text/plain")]
    public async Task Patch_types_the_fake_does_not_implement_are_415(string contentType)
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var response = await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"spec":{"port":81}}""")!, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Code);
    }

    [Fact]
    public async Task Patch_of_a_missing_object_is_404()
    {
        var response = await Api.PatchAsync(VirtualServices + "/absent", JsonNode.Parse("""{"spec":{"port":81}}""")!);

        Assert.Equal(HttpStatusCode.NotFound, response.Code);
    }
}
