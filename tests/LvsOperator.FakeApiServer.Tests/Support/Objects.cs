using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer.Tests.Support;

/// <summary>Request bodies and field reads for the tests.</summary>
internal static class Objects
{
    public static JsonObject VirtualService(string name, int port = 80, JsonObject? labels = null, JsonObject? status = null)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "lvsoperator.io/v1alpha1",
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "lvs" },
            ["spec"] = new JsonObject { ["port"] = port },
        };
        if (labels is not null)
        {
            obj["metadata"]!["labels"] = labels;
        }

        if (status is not null)
        {
            obj["status"] = status;
        }

        return obj;
    }

    public static JsonObject NodeSlice(string name, string nodeName) => new()
    {
        ["apiVersion"] = "lvsoperator.io/v1alpha1",
        ["kind"] = "NodeSlice",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "lvs" },
        ["spec"] = new JsonObject { ["nodeName"] = nodeName },
    };

    public static JsonObject Service(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "lvs" },
        ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }) },
    };

    public static string Meta(this JsonObject obj, string field) => obj["metadata"]?[field]?.GetValue<string>() ?? "";

    public static long Revision(this JsonObject obj) => long.Parse(obj.Meta("resourceVersion"), System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject With(this JsonObject obj, Action<JsonObject> change)
    {
        var copy = (JsonObject)obj.DeepClone();
        change(copy);
        return copy;
    }

    public static string[] Names(this JsonObject list) =>
        [.. list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
}
