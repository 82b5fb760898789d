// Allure 3 (the `allure` npm package, pure JS — no Java) configuration used by `posbench run`,
// which passes the results directory and the output directory on the command line.
// Options: node_modules/@allurereport/plugin-awesome/README.md.
export default {
  name: 'posbench',
  plugins: {
    awesome: {
      options: {
        reportName: 'posbench',
        // one self-contained index.html: opens from the file system, no web server needed
        singleFile: true,
        reportLanguage: 'en',
      },
    },
  },
};
