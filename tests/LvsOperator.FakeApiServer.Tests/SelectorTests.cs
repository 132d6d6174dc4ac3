using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class SelectorTests : ServerTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a", labels: new JsonObject { ["app"] = "web", ["tier"] = "1" }));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b", labels: new JsonObject { ["app"] = "api", ["tier"] = "2" }));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("c", labels: new JsonObject { ["app"] = "web" }));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("d"));
    }

    [Theory]
    [InlineData("app=web", "a,c")]
    [InlineData("app==web", "a,c")]
    [InlineData("app!=web", "b,d")]
    [InlineData("app in (web,api)", "a,b,c")]
    [InlineData("app notin (web)", "b,d")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c,d")]
    [InlineData("app=web,tier", "a")]
    [InlineData("tier>1", "b")]
    [InlineData("tier<2", "a")]
    [InlineData("app in (web), !tier", "c")]
    public async Task Label_selectors_match_with_the_real_semantics(string selector, string expected)
    {
        var list = await Api.GetAsync($"{VirtualServices}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(HttpStatusCode.OK, list.Code);
        Assert.Equal(expected.Split(','), list.Body.Names());
    }

    [Theory]
    [InlineData("app in web")]
    [InlineData("app in ()")]
    [InlineData("=web")]
    [InlineData("app=we b")]
    [InlineData("-app=web")]
    [InlineData("tier>one")]
    [InlineData("app=web,")]
    public async Task Malformed_label_selectors_are_400(string selector)
    {
        var list = await Api.GetAsync($"{VirtualServices}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(HttpStatusCode.BadRequest, list.Code);
        Assert.Equal("BadRequest", list.Reason);
    }

    [Fact]
    public async Task An_empty_value_selects_objects_whose_label_is_empty()
    {
        var list = await Api.GetAsync($"{VirtualServices}?labelSelector={Uri.EscapeDataString("app=")}");

        Assert.Empty(list.Body.Names());
    }

    [Theory]
    [InlineData("metadata.name=b", "b")]
    [InlineData("metadata.name!=b", "a,c,d")]
    [InlineData("metadata.namespace==lvs,metadata.name=c", "c")]
    public async Task Field_selectors_on_metadata(string selector, string expected)
    {
        var list = await Api.GetAsync($"{VirtualServices}?fieldSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(expected.Split(','), list.Body.Names());
    }

    [Fact]
    public async Task Node_slices_select_by_their_selectable_field()
    {
        await Api.CreateAsync(NodeSlices, Objects.NodeSlice("web-n1", "n1"));
        await Api.CreateAsync(NodeSlices, Objects.NodeSlice("web-n2", "n2"));

        var list = await Api.GetAsync($"/apis/lvsoperator.io/v1alpha1/nodeslices?fieldSelector=spec.nodeName%3Dn2");

        Assert.Equal(["web-n2"], list.Body.Names());
    }

    [Fact]
    public async Task A_field_the_type_does_not_select_on_is_400()
    {
        var list = await Api.GetAsync($"{VirtualServices}?fieldSelector=spec.nodeName%3Dn1");

        Assert.Equal(HttpStatusCode.BadRequest, list.Code);
        Assert.Equal("\"spec.nodeName\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", list.Message);
    }
}
