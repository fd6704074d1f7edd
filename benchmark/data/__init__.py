"""The benchmark data: seed articles + task files (references, key facts) -> validated ``Task`` records
-> a Hugging Face dataset folder.

Modules: ``seeds`` (article parser), ``references`` (task-file reader, JSON Schema), ``lexical`` (the
validator's "does a reference state this fact" test), ``validate``, ``tasks`` (assembly and content
hash), ``card`` (dataset card), ``build``, ``load`` (``load_tasks``, ``load_packaged_dataset``), ``push``.
"""
