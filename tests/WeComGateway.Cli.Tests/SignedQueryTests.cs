using WeComGateway.Cli.Signing;

namespace WeComGateway.Cli.Tests;

public class SignedQueryTests
{
    [Fact]
    public void Base64_echostr_is_percent_encoded_once_so_plus_slash_and_equals_survive()
    {
        var query = new SignedQuery("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==");

        Assert.Equal(
            "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780"
            + "&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D",
            query.ToQueryString());
    }

    [Fact]
    public void Post_query_has_no_echostr()
    {
        var query = new SignedQuery("abc", "1", "n");

        Assert.Equal("msg_signature=abc&timestamp=1&nonce=n", query.ToQueryString());
    }

    [Fact]
    public void Appending_keeps_the_path_and_any_query_already_there()
    {
        var query = new SignedQuery("abc", "1", "n");

        Assert.Equal(
            "http://localhost:5080/wecom/suites/ww1/command?msg_signature=abc&timestamp=1&nonce=n",
            query.AppendTo(new Uri("http://localhost:5080/wecom/suites/ww1/command")).AbsoluteUri);
        Assert.Equal(
            "http://gw/wecom/suites/ww1/data?corp=x&msg_signature=abc&timestamp=1&nonce=n",
            query.AppendTo(new Uri("http://gw/wecom/suites/ww1/data?corp=x")).AbsoluteUri);
    }
}
