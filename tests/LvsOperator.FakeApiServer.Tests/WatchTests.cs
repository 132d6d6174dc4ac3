using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class WatchTests : ServerTest
{
    [Fact]
    public async Task A_watch_from_a_resourceVersion_replays_every_later_event_in_order_then_goes_live()
    {
        var a = await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));
        await Api.PatchAsync(VirtualServices + "/a", JsonNode.Parse("""{"spec":{"port":81}}""")!);

        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1&resourceVersion={a.Revision()}");
        await Api.DeleteAsync(VirtualServices + "/b");

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal(("ADDED", "b"), Describe(await watch.NextChangeAsync()));
        Assert.Equal(("MODIFIED", "a"), Describe(await watch.NextChangeAsync()));
        var deleted = await watch.NextChangeAsync();
        Assert.Equal(("DELETED", "b"), Describe(deleted));
        Assert.Equal(Server.CurrentResourceVersion, deleted["object"]!.AsObject().Revision());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&resourceVersion=0")]
    public async Task A_watch_without_a_resourceVersion_starts_with_synthetic_ADDED_events(string query)
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));

        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=true{query}");
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("c"));

        Assert.Equal(("ADDED", "a"), Describe(await watch.NextChangeAsync()));
        Assert.Equal(("ADDED", "b"), Describe(await watch.NextChangeAsync()));
        Assert.Equal(("ADDED", "c"), Describe(await watch.NextChangeAsync()));
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resourceVersion_gets_one_ERROR_event_with_410_Expired()
    {
        var a = await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("c"));
        Server.CompactTo(a.Revision() + 1);

        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1&resourceVersion={a.Revision()}");
        var error = await watch.NextAsync();

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("too old resource version", error["object"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await watch.EndsAsync());
    }

    [Fact]
    public async Task The_history_window_compacts_by_itself()
    {
        await using var server = await FakeApiServer.StartAsync(Options with { HistoryWindow = 2 });
        using var api = new ApiClient(server.CreateClient());
        var first = await api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await api.CreateAsync(VirtualServices, Objects.VirtualService("b"));
        await api.CreateAsync(VirtualServices, Objects.VirtualService("c"));
        await api.CreateAsync(VirtualServices, Objects.VirtualService("d"));

        await using var expired = await WatchReader.OpenAsync(api.Http, $"{VirtualServices}?watch=1&resourceVersion={first.Revision()}");
        await using var recent = await WatchReader.OpenAsync(api.Http, $"{VirtualServices}?watch=1&resourceVersion={first.Revision() + 1}");

        Assert.Equal("ERROR", (await expired.NextAsync())["type"]!.GetValue<string>());
        Assert.Equal(("ADDED", "c"), Describe(await recent.NextAsync()));
    }

    [Fact]
    public async Task Bookmarks_carry_only_kind_apiVersion_and_the_latest_revision_even_when_filtered()
    {
        var start = Server.CurrentResourceVersion;
        await using var watch = await WatchReader.OpenAsync(Api.Http,
            $"{VirtualServices}?watch=1&allowWatchBookmarks=true&resourceVersion={start}&labelSelector=app%3Dnone");
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("unmatched"));
        var expected = Server.CurrentResourceVersion;

        JsonObject bookmark;
        do
        {
            bookmark = await watch.NextAsync();
            Assert.Equal("BOOKMARK", bookmark["type"]!.GetValue<string>());
        }
        while (bookmark["object"]!.AsObject().Revision() < expected);

        var expectedObject = new JsonObject
        {
            ["kind"] = "VirtualService",
            ["apiVersion"] = "lvsoperator.io/v1alpha1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = expected.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        Assert.True(JsonNode.DeepEquals(expectedObject, bookmark["object"]), bookmark.ToJsonString());
    }

    [Fact]
    public async Task No_bookmarks_unless_asked()
    {
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1&resourceVersion={Server.CurrentResourceVersion}&timeoutSeconds=1");

        Assert.True(await watch.EndsAsync());
    }

    [Fact]
    public async Task Objects_moving_in_and_out_of_a_selector_arrive_as_ADDED_and_DELETED()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web", labels: new JsonObject { ["app"] = "other" }));
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1&resourceVersion={created.Revision()}&labelSelector=app%3Dweb");

        await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""")!);
        await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"spec":{"port":81}}""")!);
        await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"metadata":{"labels":{"app":"other"}}}""")!);
        await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"spec":{"port":82}}""")!);
        await Api.PatchAsync(VirtualServices + "/web", JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""")!);

        Assert.Equal(("ADDED", "web"), Describe(await watch.NextChangeAsync()));
        Assert.Equal(("MODIFIED", "web"), Describe(await watch.NextChangeAsync()));
        var left = await watch.NextChangeAsync();
        Assert.Equal(("DELETED", "web"), Describe(left));
        Assert.Equal("other", left["object"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        var back = await watch.NextChangeAsync();
        Assert.Equal(("ADDED", "web"), Describe(back));
        Assert.Equal(82, back["object"]!["spec"]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_field_selected_watch_sees_only_its_node()
    {
        var start = Server.CurrentResourceVersion;
        await using var watch = await WatchReader.OpenAsync(Api.Http,
            $"/apis/lvsoperator.io/v1alpha1/nodeslices?watch=1&resourceVersion={start}&fieldSelector=spec.nodeName%3Dn2");

        await Api.CreateAsync(NodeSlices, Objects.NodeSlice("web-n1", "n1"));
        await Api.CreateAsync(NodeSlices, Objects.NodeSlice("web-n2", "n2"));

        Assert.Equal(("ADDED", "web-n2"), Describe(await watch.NextChangeAsync()));
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream_cleanly()
    {
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1&timeoutSeconds=1");

        Assert.True(await watch.EndsAsync());
        await watch.Completion;
    }

    [Fact]
    public async Task SendInitialEvents_ends_its_ADDED_events_with_an_annotated_bookmark()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));

        await using var watch = await WatchReader.OpenAsync(Api.Http,
            $"{VirtualServices}?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&resourceVersion=");

        Assert.Equal(("ADDED", "a"), Describe(await watch.NextAsync()));
        var end = await watch.NextAsync();
        Assert.Equal("BOOKMARK", end["type"]!.GetValue<string>());
        Assert.Equal("true", end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_with_a_bad_selector_is_refused_before_streaming()
    {
        var response = await Api.GetAsync($"{VirtualServices}?watch=1&labelSelector=app%20in");

        Assert.Equal(HttpStatusCode.BadRequest, response.Code);
    }

    private static (string Type, string Name) Describe(JsonObject watchEvent) =>
        (watchEvent["type"]!.GetValue<string>(), watchEvent["object"]!["metadata"]!["name"]!.GetValue<string>());
}
