// The browser already holds the API key the page was opened with (basic auth); "Authorize" takes an X-API-Key
window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
