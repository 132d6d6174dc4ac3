using System.Net;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class ListTests : ServerTest
{
    [Fact]
    public async Task Limit_and_continue_page_through_a_consistent_snapshot()
    {
        foreach (var name in (string[])["e", "a", "d", "b", "c"])
        {
            await Api.CreateAsync(VirtualServices, Objects.VirtualService(name));
        }

        var first = (await Api.GetAsync($"{VirtualServices}?limit=2")).Body;
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("bb"));
        await Api.DeleteAsync(VirtualServices + "/e");
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        var second = (await Api.GetAsync($"{VirtualServices}?limit=2&continue={token}")).Body;
        var third = (await Api.GetAsync($"{VirtualServices}?limit=2&continue={second["metadata"]!["continue"]!.GetValue<string>()}")).Body;

        Assert.Equal(["a", "b"], first.Names());
        Assert.Equal(3, first["metadata"]!["remainingItemCount"]!.GetValue<int>());
        Assert.Equal(["c", "d"], second.Names());
        Assert.Equal(["e"], third.Names());
        Assert.Null(third["metadata"]!["continue"]);
        Assert.Equal(first.Meta("resourceVersion"), third.Meta("resourceVersion"));
    }

    [Fact]
    public async Task A_continue_token_whose_revision_was_compacted_is_410_Expired()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));
        var first = (await Api.GetAsync($"{VirtualServices}?limit=1")).Body;
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("c"));
        Server.Compact();

        var next = await Api.GetAsync($"{VirtualServices}?limit=1&continue={first["metadata"]!["continue"]!.GetValue<string>()}");

        Assert.Equal(HttpStatusCode.Gone, next.Code);
        Assert.Equal("Expired", next.Reason);
        Assert.StartsWith("The provided continue parameter is too old", next.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbled_continue_token_is_400()
    {
        var response = await Api.GetAsync($"{VirtualServices}?limit=1&continue=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.Code);
    }

    [Fact]
    public async Task The_list_resourceVersion_is_the_current_revision()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(Services, Objects.Service("dns"));

        var list = (await Api.GetAsync(VirtualServices)).Body;

        Assert.Equal(Server.CurrentResourceVersion, list.Revision());
    }

    [Fact]
    public async Task An_exact_list_shows_the_past_and_410s_once_it_is_compacted()
    {
        var a = await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));
        await Api.DeleteAsync(VirtualServices + "/a");

        var past = (await Api.GetAsync($"{VirtualServices}?resourceVersion={a.Revision()}&resourceVersionMatch=Exact")).Body;
        Server.CompactTo(a.Revision() + 1);
        var gone = await Api.GetAsync($"{VirtualServices}?resourceVersion={a.Revision()}&resourceVersionMatch=Exact");

        Assert.Equal(["a"], past.Names());
        Assert.Equal(a.Revision(), past.Revision());
        Assert.Equal(HttpStatusCode.Gone, gone.Code);
        Assert.Equal("The resourceVersion for the provided list is too old.", gone.Message);
    }

    [Fact]
    public async Task NotOlderThan_serves_the_latest_state()
    {
        var a = await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));

        var list = (await Api.GetAsync($"{VirtualServices}?resourceVersion={a.Revision()}&resourceVersionMatch=NotOlderThan")).Body;

        Assert.Equal(["a", "b"], list.Names());
    }

    [Fact]
    public async Task A_resourceVersion_the_store_has_not_reached_times_out_with_504()
    {
        var response = await Api.GetAsync($"{VirtualServices}?resourceVersion={Server.CurrentResourceVersion + 100}");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Code);
        Assert.Equal("Timeout", response.Reason);
        Assert.StartsWith("Too large resource version", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResourceVersion_zero_is_served_from_cache_and_ignores_limit()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));

        var list = (await Api.GetAsync($"{VirtualServices}?resourceVersion=0&limit=1")).Body;

        Assert.Equal(["a", "b"], list.Names());
    }

    [Theory]
    [InlineData("resourceVersionMatch=Exact", "resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData("resourceVersion=1&resourceVersionMatch=Newest", "Unsupported value: \"Newest\"")]
    public async Task Invalid_list_options_are_422(string query, string expected)
    {
        var response = await Api.GetAsync($"{VirtualServices}?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Code);
        Assert.Contains(expected, response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespaced_lists_see_only_their_namespace_and_the_cluster_path_sees_all()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync("/apis/lvsoperator.io/v1alpha1/namespaces/other/virtualservices",
            Objects.VirtualService("b").With(o => o["metadata"]!["namespace"] = "other"));

        var inLvs = (await Api.GetAsync(VirtualServices)).Body;
        var all = (await Api.GetAsync("/apis/lvsoperator.io/v1alpha1/virtualservices")).Body;

        Assert.Equal(["a"], inLvs.Names());
        Assert.Equal(["a", "b"], all.Names());
    }

    [Fact]
    public async Task Creating_through_the_all_namespaces_path_is_405()
    {
        var response = await Api.PostAsync("/apis/lvsoperator.io/v1alpha1/virtualservices", Objects.VirtualService("a"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Code);
    }
}
