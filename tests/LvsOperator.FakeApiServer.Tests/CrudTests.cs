using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class CrudTests : ServerTest
{
    [Fact]
    public async Task Create_stamps_server_fields_and_bumps_the_global_revision()
    {
        var before = Server.CurrentResourceVersion;
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        Assert.Equal(before + 1, created.Revision());
        Assert.Equal(before + 1, Server.CurrentResourceVersion);
        Assert.Equal(1, created.Generation());
        Assert.True(Guid.TryParse(created.Meta("uid"), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.Meta("creationTimestamp"));
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_409_AlreadyExists()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var again = await Api.PostAsync(VirtualServices, Objects.VirtualService("web"));

        Assert.Equal(HttpStatusCode.Conflict, again.Code);
        Assert.Equal("AlreadyExists", again.Reason);
        Assert.Equal("virtualservices.lvsoperator.io \"web\" already exists", again.Message);
    }

    [Fact]
    public async Task Create_with_generateName_picks_a_fresh_name()
    {
        var body = Objects.VirtualService("").With(o => o["metadata"]!["generateName"] = "web-");

        var first = await Api.CreateAsync(VirtualServices, body);
        var second = await Api.CreateAsync(VirtualServices, body);

        Assert.Matches("^web-[a-z0-9]{5}$", first.Meta("name"));
        Assert.NotEqual(first.Meta("name"), second.Meta("name"));
    }

    [Fact]
    public async Task Create_with_a_resourceVersion_is_refused_as_the_storage_layer_does()
    {
        var body = Objects.VirtualService("web").With(o => o["metadata"]!["resourceVersion"] = "7");

        var response = await Api.PostAsync(VirtualServices, body);

        Assert.Equal(HttpStatusCode.InternalServerError, response.Code);
        Assert.Equal("resourceVersion should not be set on objects to be created", response.Message);
    }

    [Theory]
    [InlineData("", "metadata.name: Required value")]
    [InlineData("Web", "a lowercase RFC 1123 subdomain")]
    public async Task Create_with_a_bad_name_is_422_Invalid(string name, string expected)
    {
        var response = await Api.PostAsync(VirtualServices, Objects.VirtualService(name));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Code);
        Assert.Equal("Invalid", response.Reason);
        Assert.Contains(expected, response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_resource_bodies_must_name_their_kind()
    {
        var response = await Api.PostAsync(VirtualServices, Objects.VirtualService("web").With(o => o.Remove("kind")));

        Assert.Equal(HttpStatusCode.BadRequest, response.Code);
        Assert.StartsWith("Object 'Kind' is missing", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_in_another_namespace_than_the_url_is_400()
    {
        var body = Objects.VirtualService("web").With(o => o["metadata"]!["namespace"] = "other");

        var response = await Api.PostAsync(VirtualServices, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Code);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_a_404_Status_with_details()
    {
        var response = await Api.GetAsync(VirtualServices + "/absent");

        Assert.Equal(HttpStatusCode.NotFound, response.Code);
        var expected = JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"virtualservices.lvsoperator.io \"absent\" not found","reason":"NotFound",
             "details":{"name":"absent","group":"lvsoperator.io","kind":"virtualservices"},"code":404}
            """);
        Assert.True(JsonNode.DeepEquals(expected, response.Body), response.Body.ToJsonString());
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_409_Conflict()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        var fresh = await Api.PutAsync(VirtualServices + "/web", created.With(o => o["spec"]!["port"] = 81));
        Assert.Equal(HttpStatusCode.OK, fresh.Code);

        var stale = await Api.PutAsync(VirtualServices + "/web", created.With(o => o["spec"]!["port"] = 82));

        Assert.Equal(HttpStatusCode.Conflict, stale.Code);
        Assert.Equal("Conflict", stale.Reason);
        Assert.Equal(
            "Operation cannot be fulfilled on virtualservices.lvsoperator.io \"web\": the object has been modified; " +
            "please apply your changes to the latest version and try again",
            stale.Message);
    }

    [Fact]
    public async Task A_custom_resource_update_must_carry_a_resourceVersion()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var response = await Api.PutAsync(VirtualServices + "/web", created.With(o => o["metadata"]!.AsObject().Remove("resourceVersion")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Code);
        Assert.Contains("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_core_update_without_resourceVersion_is_unconditional()
    {
        var created = await Api.CreateAsync(Services, Objects.Service("dns"));

        var response = await Api.PutAsync(Services + "/dns", created.With(o =>
        {
            o["metadata"]!.AsObject().Remove("resourceVersion");
            o["spec"]!["type"] = "ClusterIP";
        }));

        Assert.Equal(HttpStatusCode.OK, response.Code);
        Assert.True(response.Body.Revision() > created.Revision());
    }

    [Fact]
    public async Task Generation_moves_only_when_the_spec_changes()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var labelled = (await Api.PutAsync(VirtualServices + "/web", created.With(o => o["metadata"]!["labels"] = new JsonObject { ["a"] = "b" }))).Body;
        var respecced = (await Api.PutAsync(VirtualServices + "/web", labelled.With(o => o["spec"]!["port"] = 81))).Body;
        var statused = (await Api.PutAsync(VirtualServices + "/web/status", respecced.With(o => o["status"] = new JsonObject { ["ready"] = true }))).Body;

        Assert.Equal(1, labelled.Generation());
        Assert.Equal(2, respecced.Generation());
        Assert.Equal(2, statused.Generation());
        Assert.True(statused.Revision() > respecced.Revision());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_no_revision()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var response = await Api.PutAsync(VirtualServices + "/web", created);

        Assert.Equal(HttpStatusCode.OK, response.Code);
        Assert.Equal(created.Revision(), response.Body.Revision());
        Assert.Equal(created.Revision(), Server.CurrentResourceVersion);
    }

    [Fact]
    public async Task Status_sent_on_create_or_on_the_main_resource_is_dropped()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web", status: new JsonObject { ["ready"] = true }));
        Assert.Null(created["status"]);

        var updated = await Api.PutAsync(VirtualServices + "/web", created.With(o =>
        {
            o["status"] = new JsonObject { ["ready"] = true };
            o["spec"]!["port"] = 81;
        }));

        Assert.Null(updated.Body["status"]);
        Assert.Equal(81, updated.Body["spec"]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_status_subresource_ignores_everything_but_status()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var response = await Api.PutAsync(VirtualServices + "/web/status", created.With(o =>
        {
            o["status"] = new JsonObject { ["ready"] = true };
            o["spec"]!["port"] = 9999;
            o["metadata"]!["labels"] = new JsonObject { ["sneaky"] = "yes" };
        }));

        Assert.Equal(HttpStatusCode.OK, response.Code);
        Assert.True(response.Body["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal(80, response.Body["spec"]!["port"]!.GetValue<int>());
        Assert.Null(response.Body["metadata"]!["labels"]);
    }

    [Fact]
    public async Task A_status_update_with_a_stale_resourceVersion_is_409()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        await Api.PutAsync(VirtualServices + "/web", created.With(o => o["spec"]!["port"] = 81));

        var response = await Api.PutAsync(VirtualServices + "/web/status", created.With(o => o["status"] = new JsonObject { ["ready"] = true }));

        Assert.Equal(HttpStatusCode.Conflict, response.Code);
    }

    [Fact]
    public async Task Update_of_a_missing_custom_resource_is_404()
    {
        var response = await Api.PutAsync(VirtualServices + "/absent", Objects.VirtualService("absent").With(o => o["metadata"]!["resourceVersion"] = "1"));

        Assert.Equal(HttpStatusCode.NotFound, response.Code);
    }

    [Theory]
    [InlineData("/apis/lvsoperator.io/v1alpha1/virtualservices/web")]
    [InlineData("/apis/lvsoperator.io/v1alpha1/namespaces/lvs/nothings")]
    [InlineData("/api/v1/namespaces/lvs/nodes/n1")]
    [InlineData("/apis/lvsoperator.io/v1alpha1/namespaces/lvs/virtualservices/web/scale")]
    public async Task Paths_the_real_server_does_not_serve_are_404(string path)
    {
        var response = await Api.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.Code);
        Assert.Equal("the server could not find the requested resource", response.Message);
    }

    [Fact]
    public async Task Cluster_scoped_objects_live_outside_namespaces()
    {
        var node = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = "n1" } };

        var created = await Api.CreateAsync("/api/v1/nodes", node);
        var fetched = await Api.GetAsync("/api/v1/nodes/n1");

        Assert.Equal("", created.Meta("namespace"));
        Assert.Equal(HttpStatusCode.OK, fetched.Code);
    }

    [Fact]
    public async Task Typed_list_items_lack_apiVersion_and_kind_but_custom_resource_items_keep_them()
    {
        await Api.CreateAsync(Services, Objects.Service("dns"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));

        var services = (await Api.GetAsync(Services)).Body;
        var virtualServices = (await Api.GetAsync(VirtualServices)).Body;

        Assert.Equal("ServiceList", services["kind"]!.GetValue<string>());
        Assert.Null(services["items"]![0]!["kind"]);
        Assert.Equal("VirtualServiceList", virtualServices["kind"]!.GetValue<string>());
        Assert.Equal("VirtualService", virtualServices["items"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seeding_through_the_store_is_visible_over_http_and_keeps_status()
    {
        var seeded = Server.Store.Put(Objects.VirtualService("seeded", status: new JsonObject { ["ready"] = true }));

        var fetched = await Api.GetAsync(VirtualServices + "/seeded");

        Assert.Equal(seeded.Meta("resourceVersion"), fetched.Body.Meta("resourceVersion"));
        Assert.True(fetched.Body["status"]!["ready"]!.GetValue<bool>());
        Assert.NotNull(Server.Store.Get("lvsoperator.io", "virtualservices", "lvs", "seeded"));
    }
}
