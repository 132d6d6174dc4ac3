using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class DeletionTests : ServerTest
{
    [Fact]
    public async Task Delete_without_finalizers_removes_at_once_and_answers_a_Success_Status()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var response = await Api.DeleteAsync(VirtualServices + "/web");

        Assert.Equal(HttpStatusCode.OK, response.Code);
        Assert.Equal("Success", response.Body["status"]!.GetValue<string>());
        Assert.Equal(created.Meta("uid"), response.Body["details"]!["uid"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(VirtualServices + "/web")).Code);
        Assert.Equal(created.Revision() + 1, Server.CurrentResourceVersion);
    }

    [Fact]
    public async Task Finalizers_hold_a_deleted_object_until_the_last_one_is_removed()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web").With(o => o["metadata"]!["finalizers"] = new JsonArray("lvsoperator.io/cleanup")));
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1&resourceVersion={created.Revision()}");

        var deleting = await Api.DeleteAsync(VirtualServices + "/web");
        Assert.Equal(HttpStatusCode.OK, deleting.Code);
        Assert.NotEqual("", deleting.Body.Meta("deletionTimestamp"));
        Assert.Equal(0, deleting.Body["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        var modified = await watch.NextChangeAsync();
        Assert.Equal("MODIFIED", modified["type"]!.GetValue<string>());

        var again = await Api.DeleteAsync(VirtualServices + "/web");
        Assert.Equal(deleting.Body.Revision(), again.Body.Revision());

        var added = await Api.PutAsync(VirtualServices + "/web", deleting.Body.With(o => o["metadata"]!["finalizers"]!.AsArray().Add("another")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, added.Code);
        Assert.Contains("no new finalizers can be added if the object is being deleted", added.Message, StringComparison.Ordinal);

        var released = await Api.PutAsync(VirtualServices + "/web", deleting.Body.With(o => o["metadata"]!.AsObject().Remove("finalizers")));
        Assert.Equal(HttpStatusCode.OK, released.Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(VirtualServices + "/web")).Code);
        Assert.Equal("DELETED", (await watch.NextChangeAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_cannot_clear_the_deletionTimestamp()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web").With(o => o["metadata"]!["finalizers"] = new JsonArray("keep")));
        var deleting = (await Api.DeleteAsync(VirtualServices + "/web")).Body;

        var updated = await Api.PutAsync(VirtualServices + "/web", deleting.With(o =>
        {
            o["metadata"]!.AsObject().Remove("deletionTimestamp");
            o["spec"]!["port"] = 81;
        }));

        Assert.Equal(deleting.Meta("deletionTimestamp"), updated.Body.Meta("deletionTimestamp"));
    }

    [Theory]
    [InlineData("uid", "wrong-uid", "UID in precondition: wrong-uid")]
    [InlineData("resourceVersion", "1", "ResourceVersion in precondition: 1")]
    public async Task Delete_preconditions_that_do_not_hold_are_409(string field, string value, string expected)
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("other"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var response = await Api.DeleteAsync(VirtualServices + "/web",
            new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["preconditions"] = new JsonObject { [field] = value } });

        Assert.Equal(HttpStatusCode.Conflict, response.Code);
        Assert.Contains(expected, response.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(VirtualServices + "/web")).Code);
    }

    [Fact]
    public async Task Deleting_an_owner_collects_its_dependents_and_spares_those_with_a_living_owner()
    {
        var owner = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        var otherOwner = await Api.CreateAsync(VirtualServices, Objects.VirtualService("api"));
        await Api.CreateAsync(NodeSlices, Owned(Objects.NodeSlice("web-n1", "n1"), owner));
        await Api.CreateAsync(NodeSlices, Owned(Owned(Objects.NodeSlice("shared-n1", "n1"), owner), otherOwner));
        await Api.CreateAsync(NodeSlices, Objects.NodeSlice("free-n1", "n1"));

        await Api.DeleteAsync(VirtualServices + "/web");

        await EventuallyAsync(async () => (await Api.GetAsync(NodeSlices + "/web-n1")).Code == HttpStatusCode.NotFound, "web-n1 to be collected");
        await EventuallyAsync(async () => (await Api.GetAsync(NodeSlices + "/shared-n1")).Body["metadata"]!["ownerReferences"]!.AsArray().Count == 1,
            "the dangling reference to be dropped");
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(NodeSlices + "/free-n1")).Code);
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents_and_strips_their_owner_reference()
    {
        var owner = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        await Api.CreateAsync(NodeSlices, Owned(Objects.NodeSlice("web-n1", "n1"), owner));

        await Api.DeleteAsync(VirtualServices + "/web", new JsonObject { ["propagationPolicy"] = "Orphan" });

        await EventuallyAsync(async () => (await Api.GetAsync(VirtualServices + "/web")).Code == HttpStatusCode.NotFound, "the owner to go");
        var dependent = await Api.GetAsync(NodeSlices + "/web-n1");
        Assert.Equal(HttpStatusCode.OK, dependent.Code);
        Assert.Null(dependent.Body["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Foreground_propagation_removes_dependents_before_the_owner()
    {
        var owner = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        await Api.CreateAsync(NodeSlices, Owned(Objects.NodeSlice("web-n1", "n1"), owner));

        var deleting = await Api.DeleteAsync(VirtualServices + "/web", new JsonObject { ["propagationPolicy"] = "Foreground" });

        Assert.Contains("foregroundDeletion", deleting.Body["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        await EventuallyAsync(async () => (await Api.GetAsync(VirtualServices + "/web")).Code == HttpStatusCode.NotFound, "the owner to go");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(NodeSlices + "/web-n1")).Code);
    }

    private static JsonObject Owned(JsonObject dependent, JsonObject owner) => dependent.With(o =>
    {
        var refs = o["metadata"]!["ownerReferences"] as JsonArray ?? [];
        refs.Add(new JsonObject
        {
            ["apiVersion"] = "lvsoperator.io/v1alpha1",
            ["kind"] = "VirtualService",
            ["name"] = owner.Meta("name"),
            ["uid"] = owner.Meta("uid"),
            ["controller"] = refs.Count == 0,
        });
        o["metadata"]!["ownerReferences"] = refs;
    });
}
