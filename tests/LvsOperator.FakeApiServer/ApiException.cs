using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>A failed request, carrying the <c>Status</c> object the real server would answer with.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    /// <summary>The metav1.Status body: kind Status, apiVersion v1, status Failure.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (details is not null)
        {
            status["details"] = details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }
}
