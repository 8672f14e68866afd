'use strict';
(function () {
  var root = document.getElementById('swagger-ui');
  // eslint-disable-next-line no-undef
  SwaggerUIBundle({ url: root.dataset.url, domNode: root, deepLinking: true });
})();
