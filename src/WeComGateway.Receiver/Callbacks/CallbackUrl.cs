namespace WeComGateway.Receiver.Callbacks;

/// <summary>Which of a suite's two callback URLs a request came to.</summary>
public enum CallbackUrl
{
    /// <summary>指令回调URL: suite events and third-party customer events (InfoType shape). Answer <c>success</c>.</summary>
    Command,

    /// <summary>数据回调URL: per-enterprise data callbacks. Answer an empty 200.</summary>
    Data,
}

public static class CallbackUrlExtensions
{
    public static string Label(this CallbackUrl url) => url == CallbackUrl.Command ? "command" : "data";
}
