from qiangshi.cli import main

main()
